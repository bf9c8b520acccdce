// The schemas the evaluator gives to the values it computes (language-spec §8.1).
import { compareUtf8 } from '../internal/_compare-utf8.js';
import { setOwn } from './_set-own.js';
import { JsonNumber, type ObjectSchema, type Schema } from './schema.js';

export type LiteralKind = 'null' | 'boolean' | 'number' | 'string';

/**
 * The schema of a scalar literal: `{type: null}`, else `{type, const}`. A number's `value` is its
 * canonical decimal text, kept as text in the const.
 */
export function literalSchema(kind: LiteralKind, value: null | boolean | string): ObjectSchema {
  switch (kind) {
    case 'null':
      return { type: 'null' };
    case 'boolean':
      return { type: 'boolean', const: value };
    case 'number':
      return { type: 'number', const: new JsonNumber(value as string) };
    case 'string':
      return { type: 'string', const: value };
  }
}

/** A fixed-length array: `{prefixItems, items: false, type: array}`. */
export function tupleSchema(items: readonly Schema[]): ObjectSchema {
  return items.length === 0
    ? { items: false, type: 'array' }
    : { prefixItems: [...items], items: false, type: 'array' };
}

/** An object with exactly these properties, all required (keys sorted by UTF-8 bytes). */
export function recordSchema(properties: Readonly<Record<string, Schema>>): ObjectSchema {
  const required = Object.keys(properties).sort(compareUtf8);
  if (required.length === 0) return { type: 'object' };
  return { properties: { ...properties }, type: 'object', required };
}

/** `{type: string}`: interpolations, toJSON, toString, toBase64, fromBase64, join, ciphertext. */
export function stringSchema(): ObjectSchema {
  return { type: 'string' };
}

/** `{items, type: array}`: split (`items: {type: string}`), concat (`items: true`). */
export function arrayOfSchema(items: Schema): ObjectSchema {
  return { items, type: 'array' };
}

/**
 * The schema of `top` merged over `base` (JSON merge patch): only when both are object schemas,
 * properties are unioned with the top's merged over the base's, every merged key is required, and
 * `additionalProperties` comes from whichever side has it (both: always). Otherwise `top`.
 */
export function mergeSchemas(base: Schema | undefined, top: Schema): Schema {
  if (base === undefined || typeof top !== 'object' || top.type !== 'object') return top;
  if (typeof base !== 'object' || base.type !== 'object') return top;
  const properties: Record<string, Schema> = { ...base.properties };
  for (const [key, schema] of Object.entries(top.properties ?? {})) {
    const under = Object.hasOwn(properties, key) ? properties[key] : undefined;
    setOwn(properties, key, under === undefined ? schema : mergeSchemas(under, schema));
  }
  let additional = top.additionalProperties;
  if (base.additionalProperties !== undefined) {
    additional = additional === undefined ? base.additionalProperties : true;
  }
  const record = recordSchema(properties);
  return additional === undefined ? record : { ...record, additionalProperties: additional };
}
