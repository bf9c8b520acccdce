import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.js';
import type { ObjectExpr } from './expr.js';

export interface ImportDecl {
  /** The import name as written, suffix included (`proj/env@stable`): opaque to the evaluator. */
  readonly name: string;
  readonly range: SourceRange;
  readonly path: string;
  /** False for `- name: { merge: false }`. */
  readonly merge: boolean;
}

/** A parsed environment definition. */
export interface EnvironmentDecl {
  readonly name: string;
  readonly description?: string | undefined;
  readonly imports: readonly ImportDecl[];
  /** The `values` mapping; absent when the document has none. */
  readonly values?: ObjectExpr | undefined;
  /** True when there are neither values nor imports: check/eval return nothing (§1.2). */
  readonly empty: boolean;
}

export interface ParseResult {
  /** Absent when YAML decoding failed (§1.1): nothing can be evaluated. */
  readonly environment?: EnvironmentDecl | undefined;
  readonly diagnostics: readonly Diagnostic[];
}
