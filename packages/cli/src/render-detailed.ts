import type { Value } from '@strata/core';
import { valueKeys, valueProperty } from '@strata/core';

type Detailed = {
  value?: unknown;
  secret?: boolean;
  unknown?: boolean;
  trace: Record<string, unknown>;
};

/** The `detailed` output format: each value with its trace (where defined, what it overrode). */
export function renderDetailed(root: Value | undefined, options: { redact: boolean }): string {
  return JSON.stringify(root === undefined ? null : detailed(root, options), null, 2) + '\n';
}

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
    case 'number':
      return Number(value.data);
    default:
      return value.data;
  }
}

function trace(value: Value, options: { redact: boolean }): Record<string, unknown> {
  const range = value.def.range;
  const out: Record<string, unknown> = {};
  if (range.filename !== '' || range.start.line > 0) {
    out['def'] = { environment: range.filename, begin: range.start, end: range.end };
  }
  if (value.base !== undefined) out['base'] = detailed(value.base, options);
  return out;
}
