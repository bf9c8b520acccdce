import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/value/value.js';
import { JsonNumber, type Schema } from '../../src/schema/schema.js';
import {
  arrayOfSchema,
  literalSchema,
  mergeSchemas,
  recordSchema,
  stringSchema,
  tupleSchema,
} from '../../src/schema/synthesize-schema.js';
import { schemaOfValue } from '../../src/value/schema-of-value.js';
import { known, objectOf, unknown } from './_values.js';

describe('synthesized schemas', () => {
  it.each<[string, Schema, Schema]>([
    ['null', literalSchema('null', null), { type: 'null' }],
    ['a boolean', literalSchema('boolean', true), { type: 'boolean', const: true }],
    [
      'a number keeps its text',
      literalSchema('number', '1.50'),
      { type: 'number', const: new JsonNumber('1.50') },
    ],
    ['a string', literalSchema('string', 'x'), { type: 'string', const: 'x' }],
    ['a tuple', tupleSchema([true]), { prefixItems: [true], items: false, type: 'array' }],
    ['an empty tuple', tupleSchema([]), { items: false, type: 'array' }],
    [
      'a record',
      recordSchema({ b: true, a: false }),
      { properties: { b: true, a: false }, type: 'object', required: ['a', 'b'] },
    ],
    ['an empty record', recordSchema({}), { type: 'object' }],
    ['a string', stringSchema(), { type: 'string' }],
    ['split', arrayOfSchema({ type: 'string' }), { items: { type: 'string' }, type: 'array' }],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('sorts required keys by UTF-8 bytes', () => {
    expect(recordSchema({ '\u{10000}': true, '\uffff': true, B: true, a: true }).required).toEqual([
      'B',
      'a',
      '\uffff',
      '\u{10000}',
    ]);
  });

  it('keeps a __proto__ key as data', () => {
    const merged = mergeSchemas(recordSchema({ ['__proto__']: true }), {
      type: 'object',
      properties: JSON.parse('{"__proto__": false}') as Record<string, Schema>,
    });
    expect(typeof merged === 'object' && Object.keys(merged.properties ?? {})).toEqual([
      '__proto__',
    ]);
  });
});

describe('mergeSchemas', () => {
  const str: Schema = { type: 'string' };
  const num: Schema = { type: 'number' };

  it('unions properties recursively and requires every key', () => {
    const base = recordSchema({ a: str, nested: recordSchema({ x: str }) });
    const top = recordSchema({ b: num, nested: recordSchema({ y: num }) });
    expect(mergeSchemas(base, top)).toEqual(
      recordSchema({ a: str, b: num, nested: recordSchema({ x: str, y: num }) }),
    );
  });

  it('lets the top win for a scalar over an object', () => {
    expect(mergeSchemas(recordSchema({ a: str }), num)).toBe(num);
    expect(mergeSchemas(num, recordSchema({ a: str }))).toEqual(recordSchema({ a: str }));
    expect(mergeSchemas(undefined, num)).toBe(num);
  });

  it.each<[string, Schema | undefined, Schema | undefined, Schema | undefined]>([
    ['neither', undefined, undefined, undefined],
    ['the base', num, undefined, num],
    ['the top', undefined, str, str],
    ['both: always', num, str, true],
  ])('takes additionalProperties from %s', (_name, baseAdditional, topAdditional, expected) => {
    const base: Schema = {
      type: 'object',
      ...(baseAdditional === undefined ? {} : { additionalProperties: baseAdditional }),
    };
    const top: Schema = {
      type: 'object',
      ...(topAdditional === undefined ? {} : { additionalProperties: topAdditional }),
    };
    const merged = mergeSchemas(base, top);
    expect(typeof merged === 'object' ? merged.additionalProperties : 'not an object').toEqual(
      expected,
    );
  });
});

describe('schemaOfValue', () => {
  it('describes data as literals, tuples and records', () => {
    expect(schemaOfValue(known({ list: [1, 'a'], n: null }))).toEqual(
      recordSchema({
        list: tupleSchema([literalSchema('number', '1'), literalSchema('string', 'a')]),
        n: literalSchema('null', null),
      }),
    );
  });

  it('keeps the schema an unknown carries', () => {
    const carried: Schema = { type: 'string' };
    const value: Value = objectOf({ u: unknown(carried) });
    expect(schemaOfValue(value)).toEqual(recordSchema({ u: carried }));
  });
});
