import type { Diagnostic, SourceRange } from './diagnostic.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostic-codes.js';

/** Builds a diagnostic whose severity is the one its code prescribes. */
export function createDiagnostic(
  code: DiagnosticCode,
  summary: string,
  path: string,
  range?: SourceRange,
): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code], summary, path, range };
}
