import { valueKeys, valueProperty, type Value } from '../value/value.js';

type Detailed = {
  value?: unknown;
  secret?: boolean;
  unknown?: boolean;
  trace: Record<string, unknown>;
};

/**
 * The `detailed` output format: each value with its trace (where defined, what it overrode). The
 * whole environment (`root`) is, as in esc, a synthetic value: a zero range and no base.
 */
export function renderDetailed(
  value: Value | undefined,
  options: { redact: boolean; root?: boolean },
): string {
  if (value === undefined) return 'null\n';
  const out = detailed(value, options);
  if (options.root === true) out.trace = { def: { begin: ZERO, end: ZERO } };
  return JSON.stringify(out, null, 2) + '\n';
}

const ZERO = { line: 0, column: 0, byte: 0 };

/** Value JSON (language-spec §10.3): `value` left out for null and unknowns, keys in esc's order. */
function detailed(value: Value, options: { redact: boolean }): Detailed {
  const unknown = value.unknown || value.kind === 'unknown';
  const data = unknown ? null : inner(value, options);
  return {
    ...(data === null ? {} : { value: data }),
    ...(value.secret ? { secret: true } : {}),
    ...(unknown ? { unknown: true } : {}),
    trace: trace(value, options),
  };
}

function inner(value: Value, options: { redact: boolean }): unknown {
  if (value.secret && options.redact) return '[secret]';
  switch (value.kind) {
    case 'array':
      return (value.data as Value[]).map((v) => detailed(v, options));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of valueKeys(value)) {
        const property = valueProperty(value, key);
        if (property !== undefined)
          Object.defineProperty(out, key, { value: detailed(property, options), enumerable: true });
      }
      return out;
    }
    case 'number': {
      // `.nan` and `.inf` have no JSON form (JSON.stringify would write null): their text instead.
      const n = Number(value.data);
      return Number.isFinite(n) ? n : value.data;
    }
    default:
      return value.data;
  }
}

function trace(value: Value, options: { redact: boolean }): Record<string, unknown> {
  const { filename, start, end } = value.def.range;
  // Values a provider or builtin produced carry a zero range and no environment.
  const def =
    filename === '' ? { begin: start, end } : { environment: filename, begin: start, end };
  return value.base === undefined ? { def } : { def, base: detailed(value.base, options) };
}
