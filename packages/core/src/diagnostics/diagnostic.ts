import type { DiagnosticCode, Severity } from './diagnostic-codes.js';

export type { Severity } from './diagnostic-codes.js';

/** A 1-based line and column (columns count Unicode code points) plus a 0-based byte offset. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

/** A span of source text in one environment's definition. `filename` is the environment's name. */
export interface SourceRange {
  readonly filename: string;
  readonly start: Position;
  readonly end: Position;
}

/**
 * One problem found while loading or evaluating an environment. `summary` is the exact text ESC
 * prints; `path` is the YAML document path of the node (`values.a["b-c"][0]`), empty when none.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly summary: string;
  readonly path: string;
  readonly range?: SourceRange | undefined;
}
