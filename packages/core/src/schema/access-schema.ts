// Accesses into unknown values follow their schemas (language-spec §6.3, §10.2).
import { schemaRef } from './compile-schema.js';
import type { Schema } from './schema.js';

export type SchemaAccessResult =
  { readonly ok: true; readonly schema: Schema } | { readonly ok: false; readonly error: string };

const RECEIVER_ERROR = 'receiver must be an array or an object';

// Bounds $ref chains such as `a -> b -> a`, which describe no value.
const MAX_REF_DEPTH = 64;

/** Follows `$ref` for a schema that has no type of its own (e.g. `{$ref: '#/$defs/x'}`). */
function deref(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < MAX_REF_DEPTH && typeof s === 'object' && !s.type; i++) {
    const target = schemaRef(s);
    if (target === undefined) break;
    s = target;
  }
  return s;
}

/** One schema for the alternatives, ignoring never: never, the single one, or `{oneOf}`. */
function union(alternatives: readonly (Schema | undefined)[]): Schema {
  const live = alternatives.filter((s): s is Schema => s !== undefined && s !== false);
  if (live.length === 0) return false;
  if (live.length === 1) return live[0] as Schema;
  return { oneOf: live };
}

/**
 * The schema of property `key` of values accepted by `schema`: `properties[key]`, else
 * `additionalProperties`, else never; alternatives of anyOf/oneOf are unioned. Never for
 * non-object schemas, including always.
 */
export function propertySchema(schema: Schema | undefined, key: string): Schema {
  if (typeof schema !== 'object') return false;
  const s = deref(schema);
  if (typeof s !== 'object') return false;
  const own =
    s.type !== 'object'
      ? false
      : s.properties !== undefined && Object.hasOwn(s.properties, key)
        ? s.properties[key]
        : s.additionalProperties;
  return union([
    ...(s.anyOf ?? []).map((x) => propertySchema(x, key)),
    ...(s.oneOf ?? []).map((x) => propertySchema(x, key)),
    own,
  ]);
}

/** The schema of element `index` of arrays accepted by `schema` (`prefixItems[i]`, else `items`). */
export function itemSchema(schema: Schema | undefined, index: number): Schema {
  if (typeof schema !== 'object') return false;
  const s = deref(schema);
  if (typeof s !== 'object') return false;
  const prefix = s.prefixItems ?? [];
  const own = s.type !== 'array' ? false : index < prefix.length ? prefix[index] : s.items;
  return union([
    ...(s.anyOf ?? []).map((x) => itemSchema(x, index)),
    ...(s.oneOf ?? []).map((x) => itemSchema(x, index)),
    own,
  ]);
}

/**
 * `${unknown.key}` / `${unknown["key"]}`: always yields always; an object schema yields the
 * property's schema (never when absent, without an error); anything else is an access error.
 */
export function schemaProperty(schema: Schema | undefined, key: string): SchemaAccessResult {
  if (schema === undefined || schema === true) return { ok: true, schema: true };
  const s = deref(schema);
  if (typeof s === 'object' && s.type === 'object')
    return { ok: true, schema: propertySchema(s, key) };
  if (typeof s === 'object' && s.type === 'array') {
    return { ok: false, error: 'cannot access an array element using a property name' };
  }
  return { ok: false, error: RECEIVER_ERROR };
}

/**
 * `${unknown[i]}`: always yields always; an array schema checks the sign and, for tuples
 * (`items: false`), the bounds; anything else is an access error.
 */
export function schemaIndex(schema: Schema | undefined, index: number): SchemaAccessResult {
  if (schema === undefined || schema === true) return { ok: true, schema: true };
  const s = deref(schema);
  if (typeof s === 'object' && s.type === 'array') {
    if (index < 0) return { ok: false, error: 'array indices must not be negative' };
    const length = s.items === false ? (s.prefixItems ?? []).length : -1;
    if (length >= 0 && index >= length) {
      return {
        ok: false,
        error: `array index ${index} out-of-bounds for array of length ${length}`,
      };
    }
    return { ok: true, schema: itemSchema(s, index) };
  }
  if (typeof s === 'object' && s.type === 'object') {
    return { ok: false, error: 'cannot access an object property using an integer index' };
  }
  return { ok: false, error: RECEIVER_ERROR };
}
