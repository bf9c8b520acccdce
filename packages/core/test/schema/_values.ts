// Builds evaluated Values by hand for schema tests.
import type { Value } from '../../src/value/value.js';
import { appendPathIndex, appendPathKey } from '../../src/internal/_path.js';
import type { Schema } from '../../src/schema/schema.js';

/** Plain data; numbers become canonical decimal text. */
export type Data =
  null | boolean | number | string | readonly Data[] | { readonly [key: string]: Data };

const ZERO = { line: 0, column: 0, byte: 0 };

function value(
  kind: Value['kind'],
  data: Value['data'],
  path: string,
  schema: Schema = true,
): Value {
  return {
    kind,
    data,
    schema,
    def: { range: { filename: 'test', start: ZERO, end: ZERO }, path },
    unknown: kind === 'unknown',
    secret: false,
    final: false,
    rotateOnly: false,
  };
}

/** A known value whose nodes are defined at `path` and the paths below it. */
export function known(data: Data, path = ''): Value {
  if (data === null) return value('null', null, path);
  if (typeof data === 'boolean') return value('boolean', data, path);
  if (typeof data === 'number') return value('number', String(data), path);
  if (typeof data === 'string') return value('string', data, path);
  if (Array.isArray(data)) {
    const items = (data as readonly Data[]).map((d, i) => known(d, appendPathIndex(path, i)));
    return value('array', items, path);
  }
  const entries = new Map<string, Value>();
  for (const [k, d] of Object.entries(data as { readonly [key: string]: Data })) {
    entries.set(k, known(d, appendPathKey(path, k)));
  }
  return value('object', entries, path);
}

/** A known object whose entries are the given values (e.g. references defined elsewhere). */
export function objectOf(entries: Record<string, Value>, path = ''): Value {
  return value('object', new Map(Object.entries(entries)), path);
}

/** A number whose text is given verbatim (`1.0`, `1e+21`). */
export function numberText(text: string, path = ''): Value {
  return value('number', text, path);
}

export function unknown(schema: Schema, path = ''): Value {
  return value('unknown', undefined, path, schema);
}

/** `value` as referenced from `path`: a copy whose top-level definition is the reference site. */
export function at(path: string, v: Value): Value {
  return { ...v, def: { ...v.def, path } };
}
