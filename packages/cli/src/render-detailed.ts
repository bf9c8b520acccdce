import type { Value } from '@strata/core';
import { valueKeys, valueProperty } from '@strata/core';

type Detailed = {
  value?: unknown;
  trace: Record<string, unknown>;
  secret?: boolean;
  unknown?: boolean;
};

/** The `detailed` output format: each value with its trace (where defined, what it overrode). */
export function renderDetailed(root: Value | undefined, options: { redact: boolean }): string {
  return JSON.stringify(root === undefined ? null : detailed(root, options), null, 2) + '\n';
}

function detailed(value: Value, options: { redact: boolean }): Detailed {
  // A null leaves the key out, as esc's JSON (omitempty) does.
  const data = inner(value, options);
  const out: Detailed =
    data === null
      ? { trace: trace(value, options) }
      : { value: data, trace: trace(value, options) };
  if (value.secret) out.secret = true;
  if (value.unknown) out.unknown = true;
  return out;
}

function inner(value: Value, options: { redact: boolean }): unknown {
  if (value.secret && options.redact) return '[secret]';
  if (value.unknown || value.kind === 'unknown') return '[unknown]';
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
