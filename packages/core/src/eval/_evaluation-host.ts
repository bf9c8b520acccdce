// What the builtins see of the evaluator that calls them, and the state one evaluation pass shares
// between the root environment and its imports. Kept apart so that builtins do not import the
// evaluator that imports them.

import type { SourceRange } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/diagnostic-codes.js';
import type { Schema } from '../schema/schema.js';
import type { Value } from '../value/value.js';
import type { Budget } from './_budget.js';
import type { ExprNode } from './_expr-node.js';
import type { Resources } from './_resources.js';
import type { Decrypter, ExecutionContext } from './host-interfaces.js';

export type EvaluationMode = 'check' | 'eval' | 'rotate';

export interface RotationPatch {
  /** `values.full["fn::rotate"].state` */
  readonly docPath: string;
  readonly replacement: Value;
}

/** State shared by the root environment and everything it imports during one evaluation pass. */
export interface EvaluationShared {
  readonly mode: EvaluationMode;
  readonly showSecrets: boolean;
  readonly resources: Resources;
  readonly context: ExecutionContext;
  readonly rootName: string;
  /** The identity of the environment a name refers to (see EnvironmentLoader.identify). */
  readonly identify: (name: string) => string;
  /** Environments being or already evaluated in this pass, by identity. */
  readonly imports: Map<
    string,
    { evaluating: boolean; value: Value | undefined; compacted?: Value }
  >;
  readonly rotatePaths: ReadonlySet<string>;
  readonly patches: RotationPatch[];
  /** What this pass may still build (evaluation-limits.ts). */
  readonly budget: Budget;
  /** Set once a spent budget has been reported, so the pass reports it once. */
  budgetReported: boolean;
}

/** The evaluator of one environment, as a builtin uses it. */
export interface EvaluationHost {
  readonly shared: EvaluationShared;
  /** The environment's name. */
  readonly name: string;
  readonly decrypter: Decrypter | undefined;
  /** True for the root environment; imported environments are never rotated. */
  readonly isRoot: boolean;
  readonly validating: boolean;
  readonly rotating: boolean;
  decryptSecrets(): boolean;
  error(
    code: DiagnosticCode,
    at: { range: SourceRange; path: string } | undefined,
    summary: string,
  ): void;
  evaluateExpr(node: ExprNode): Value;
  /** Evaluates an expression and validates it against `accept`; false when typing failed. */
  evaluateTyped(node: ExprNode, accept: Schema): [Value, boolean];
}
