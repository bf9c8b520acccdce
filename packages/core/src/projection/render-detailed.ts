import { JsonNumber } from '../internal/json-value.js';
import type { Value } from '../value/value.js';
import { toEscValue } from './esc-json.js';

/**
 * The `detailed` output format: each value with its trace (where defined, what it overrode), as
 * ESC's Value JSON. The whole environment (`root`) is, as in esc, a synthetic value: a zero range
 * and no base.
 */
export function renderDetailed(
  value: Value | undefined,
  options: { redact: boolean; root?: boolean },
): string {
  if (value === undefined) return 'null\n';
  const out = toEscValue(value, options);
  const shown =
    options.root === true ? { ...out, trace: { def: { begin: ZERO, end: ZERO } } } : out;
  return (
    JSON.stringify(shown, (_key, v: unknown) => (v instanceof JsonNumber ? Number(v.text) : v), 2) +
    '\n'
  );
}

const ZERO = { line: 0, column: 0, byte: 0 };
