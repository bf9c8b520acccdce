import { describe, expect, it } from 'vitest';
import {
  itemSchema,
  propertySchema,
  schemaIndex,
  schemaProperty,
} from '../../src/schema/access-schema.js';
import { compileSchema } from '../../src/schema/compile-schema.js';
import type { Schema } from '../../src/schema/schema.js';
import { SCHEMA_PROVIDER_SCHEMA } from './_schema-provider-schema.js';

compileSchema(SCHEMA_PROVIDER_SCHEMA);
const open = (key: string): Schema => SCHEMA_PROVIDER_SCHEMA.properties?.[key] as Schema;

type Step = { key: string } | { index: number };

function walk(schema: Schema, steps: readonly Step[]): { schema: Schema } | { error: string } {
  let s = schema;
  for (const step of steps) {
    const r = 'key' in step ? schemaProperty(s, step.key) : schemaIndex(s, step.index);
    if (!r.ok) return { error: r.error };
    s = r.schema;
  }
  return { schema: s };
}

describe('accessing into unknown values (corpus invalid-access, check mode)', () => {
  it.each<[string, readonly Step[], string]>([
    [
      '${open.string.foo}',
      [{ key: 'string' }, { key: 'foo' }],
      'receiver must be an array or an object',
    ],
    [
      '${open.array.foo}',
      [{ key: 'array' }, { key: 'foo' }],
      'cannot access an array element using a property name',
    ],
    [
      '${open.record[1]}',
      [{ key: 'record' }, { index: 1 }],
      'cannot access an object property using an integer index',
    ],
    [
      '${open.tuple[2]}',
      [{ key: 'tuple' }, { index: 2 }],
      'array index 2 out-of-bounds for array of length 2',
    ],
    ['${open.array[-1]}', [{ key: 'array' }, { index: -1 }], 'array indices must not be negative'],
    ['${open.null.x}', [{ key: 'null' }, { key: 'x' }], 'receiver must be an array or an object'],
    ['${open.never.x}', [{ key: 'never' }, { key: 'x' }], 'receiver must be an array or an object'],
    ['${open.anyOf.x}', [{ key: 'anyOf' }, { key: 'x' }], 'receiver must be an array or an object'],
  ])('%s fails', (_expr, steps, error) => {
    expect(walk(SCHEMA_PROVIDER_SCHEMA, steps)).toEqual({ error });
  });

  it.each<[string, readonly Step[], Schema]>([
    ['${open.record.foo}', [{ key: 'record' }, { key: 'foo' }], { type: 'string' }],
    ['${open.tuple[1]}', [{ key: 'tuple' }, { index: 1 }], { type: 'string', const: 'world' }],
    ['${open.array[7]}', [{ key: 'array' }, { index: 7 }], true],
    ['${open.array[2].some}', [{ key: 'array' }, { index: 2 }, { key: 'some' }], true],
    ['${open.map.hello}', [{ key: 'map' }, { key: 'hello' }], true],
    ['${open.record.bar} (absent: never, no error)', [{ key: 'record' }, { key: 'bar' }], false],
    ['${open.always.x[0]}', [{ key: 'always' }, { key: 'x' }, { index: 0 }], true],
    [
      '${open.ref.baz} (through $ref)',
      [{ key: 'ref' }, { key: 'baz' }],
      { type: 'string', const: 'qux' },
    ],
    ['${open.minItems[5]} (no items: unbounded)', [{ key: 'minItems' }, { index: 5 }], false],
  ])('%s', (_expr, steps, schema) => {
    expect(walk(SCHEMA_PROVIDER_SCHEMA, steps)).toEqual({ schema });
  });
});

describe('propertySchema / itemSchema', () => {
  it('is never for always and non-object schemas', () => {
    expect(propertySchema(true, 'a')).toBe(false);
    expect(propertySchema({ type: 'string' }, 'a')).toBe(false);
    expect(itemSchema(true, 0)).toBe(false);
  });

  it('unions the alternatives of anyOf and oneOf', () => {
    const a: Schema = { type: 'string' };
    const b: Schema = { type: 'number' };
    const schema: Schema = {
      anyOf: [{ type: 'object', properties: { k: a } }, { type: 'null' }],
      oneOf: [{ type: 'object', additionalProperties: b }],
    };
    expect(propertySchema(schema, 'k')).toEqual({ oneOf: [a, b] });
    expect(propertySchema({ anyOf: [{ type: 'object', properties: { k: a } }] }, 'k')).toBe(a);
  });

  it('picks prefixItems, then items', () => {
    const schema: Schema = {
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: { type: 'number' },
    };
    expect(itemSchema(schema, 0)).toEqual({ type: 'string' });
    expect(itemSchema(schema, 3)).toEqual({ type: 'number' });
  });

  it('returns the schema objects of the compiled tree', () => {
    expect(propertySchema(SCHEMA_PROVIDER_SCHEMA, 'record')).toBe(open('record'));
  });
});
