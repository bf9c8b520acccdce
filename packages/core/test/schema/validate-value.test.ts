import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/value/value.js';
import { appendPathKey } from '../../src/internal/_path.js';
import { schemaProperty } from '../../src/schema/access-schema.js';
import { compileSchema } from '../../src/schema/compile-schema.js';
import { JsonNumber, type Schema } from '../../src/schema/schema.js';
import { validateValue } from '../../src/value/validate-value.js';
import { SCHEMA_PROVIDER_SCHEMA } from './_schema-provider-schema.js';
import { at, known, numberText, objectOf, unknown, type Data } from './_values.js';

type Reported = [path: string, summary: string];

function validate(value: Value, schema: Schema): { ok: boolean; diags: Reported[] } {
  const diags: Reported[] = [];
  const ok = validateValue(value, schema, (v, summary) => diags.push([v.def.path, summary]));
  return { ok, diags };
}

function summaries(value: Value, schema: Schema): string[] {
  return validate(value, schema).diags.map(([, s]) => s);
}

const SINK = 'values.sink["fn::open::schema"]';

// The `source` of corpus case schema-error, as the schema provider returns it in eval mode.
const SOURCE: Readonly<Record<string, Data>> = {
  null: null,
  boolean: true,
  false: false,
  true: true,
  number: 42,
  pi: 3.14,
  string: 'esc',
  hello: 'hello',
  array: [2, 'items', { some: 'object' }, ['array']],
  tuple: ['hello', 'world'],
  map: { hello: 'world', blue: 42 },
  record: { foo: 'bar' },
  anyOf: 'hello',
  oneOf: 42,
  ref: { baz: 'qux' },
  'const-array': ['hello', 42],
  'const-object': { hello: 'world' },
  enum: 'foo',
  always: {},
  double: ['hello', 42],
  triple: ['hello', 42, true],
  dependentReq: { foo: 'bar', bar: 42 },
  multiple: 4,
  minimum: 1,
  exclusiveMinimum: 2,
  maximum: 1,
  exclusiveMaximum: 0,
  minLength: 'a',
  maxLength: 'a',
  pattern: 'foo42',
  minProperties: { foo: 'bar' },
  maxProperties: { foo: 'bar' },
};

// sink key -> source key it references (`${source.<key>}`), or a literal.
const SINK_INPUTS: Readonly<Record<string, string | { literal: Data }>> = {
  boolean: 'null',
  string: 'array',
  number: 'record',
  record: 'always',
  anyOf: 'false',
  oneOf: 'false',
  'const-array': 'string',
  'const-object': 'string',
  enum: 'string',
  double: 'triple',
  triple: 'double',
  dependentReq: 'record',
  multiple: 'pi',
  minimum: 'exclusiveMaximum',
  exclusiveMinimum: 'minimum',
  maximum: 'exclusiveMinimum',
  exclusiveMaximum: 'maximum',
  minLength: { literal: '' },
  maxLength: 'string',
  pattern: 'string',
  minItems: 'double',
  maxItems: 'triple',
  minProperties: 'always',
  maxProperties: 'dependentReq',
};

/** The sink's inputs: references copy the source's value (eval) or its schema (check). */
function sinkInputs(resolve: (sourceKey: string, path: string) => Value): Value {
  const entries: Record<string, Value> = {};
  for (const [key, input] of Object.entries(SINK_INPUTS)) {
    const path = appendPathKey(SINK, key);
    entries[key] = typeof input === 'string' ? resolve(input, path) : known(input.literal, path);
  }
  return objectOf(entries, SINK);
}

const sorted = (diags: Reported[]): Reported[] =>
  [...diags].sort((a, b) => (a.join('\n') < b.join('\n') ? -1 : 1));
const sink = (key: string, summary: string): Reported => [appendPathKey(SINK, key), summary];

describe('corpus schema-error', () => {
  it('reports every value-level failure of known inputs (evalDiags)', () => {
    const inputs = sinkInputs((key, path) =>
      at(path, known(SOURCE[key] as Data, `values.source.${key}`)),
    );
    const { ok, diags } = validate(inputs, SCHEMA_PROVIDER_SCHEMA);
    expect(ok).toBe(false);
    expect(sorted(diags)).toEqual(
      sorted([
        sink('boolean', 'expected boolean, got null'),
        sink('string', 'expected string, got array'),
        sink('number', 'expected number, got object'),
        sink('record', 'missing required properties: foo'),
        sink('anyOf', 'expected number, got boolean'),
        sink('anyOf', 'at least one subschema must match'),
        sink('anyOf', 'expected string, got boolean'),
        sink('oneOf', 'exactly one subschema must match'),
        sink('oneOf', 'expected number, got boolean'),
        sink('oneOf', 'expected string, got boolean'),
        sink('const-array', 'expected ["hello",42]'),
        sink('const-array', 'expected array, got string'),
        sink('const-object', 'expected object, got string'),
        sink('const-object', 'expected {"hello":"world"}'),
        sink('enum', 'expected one of ["foo","bar"]'),
        sink('dependentReq', 'missing required properties: bar'),
        sink('multiple', 'expected a multiple of 2'),
        sink('minimum', 'expected a number greater than or equal to 1'),
        sink('exclusiveMinimum', 'expected a number greater than 1'),
        sink('maximum', 'expected a number less than or equal to1'),
        sink('exclusiveMaximum', 'expected a number less than 1'),
        sink('minLength', 'expected a string of at least length 1'),
        sink('maxLength', 'expected a string of at most length 1'),
        sink('pattern', 'string must match the pattern "^foo[0-9]+$"'),
        sink('minItems', 'expected an array with at least 3 items'),
        sink('maxItems', 'expected an array with at most 2 items'),
        sink('minProperties', 'expected an object with at least 1 properties'),
        sink('maxProperties', 'expected an object with at most 1 properties'),
      ]),
    );
  });

  it('checks unknown inputs schema against schema (checkDiags)', () => {
    // In check mode the source is an unknown with the provider's output schema.
    expect(compileSchema(SCHEMA_PROVIDER_SCHEMA).ok).toBe(true);
    const inputs = sinkInputs((key, path) => {
      const access = schemaProperty(SCHEMA_PROVIDER_SCHEMA, key);
      if (!access.ok) throw new Error(access.error);
      return unknown(access.schema, path);
    });
    const { ok, diags } = validate(inputs, SCHEMA_PROVIDER_SCHEMA);
    expect(ok).toBe(false);
    expect(sorted(diags)).toEqual(
      sorted([
        sink('boolean', 'expected boolean, got null'),
        sink('string', 'expected string, got array'),
        sink('number', 'expected number, got object'),
        sink('anyOf', 'expected number, got boolean'),
        sink('anyOf', 'at least one subschema must match'),
        sink('anyOf', 'expected string, got boolean'),
        sink('oneOf', 'expected string, got boolean'),
        sink('oneOf', 'expected number, got boolean'),
        sink('oneOf', 'at least one subschema must match'),
        sink('const-array', 'expected array, got string'),
        sink('const-object', 'expected object, got string'),
        sink('dependentReq', 'bar: missing required property'),
        sink('minLength', 'expected a string of at least length 1'),
      ]),
    );
  });

  it('accepts the source fed back as inputs (corpus schema)', () => {
    const source = known(SOURCE, 'values.source');
    expect(validate(source, SCHEMA_PROVIDER_SCHEMA)).toEqual({ ok: true, diags: [] });
  });
});

describe('corpus rotate-state', () => {
  // fn::rotate accepts oneOf(state schema, null).
  const state: Schema = {
    oneOf: [
      {
        properties: { current: { type: 'string' }, previous: { type: 'string' } },
        type: 'object',
        required: ['current'],
      },
      { type: 'null' },
    ],
  };

  it('reports both alternatives, then the oneOf summary', () => {
    expect(summaries(known({ previous: 'missing current!' }), state)).toEqual([
      'missing required properties: current',
      'expected null, got object',
      'exactly one subschema must match',
    ]);
  });

  it.each<[string, Data]>([
    ['a full state', { current: 'a', previous: 'b' }],
    ['no state', null],
  ])('accepts %s', (_name, data) => {
    expect(validate(known(data), state)).toEqual({ ok: true, diags: [] });
  });
});

describe('validateValue messages', () => {
  it.each<[string, Value, Schema, string[]]>([
    [
      'const compares number text',
      numberText('1.0'),
      { const: new JsonNumber('1') },
      ['expected 1'],
    ],
    ['const given as a JS number', numberText('1'), { const: 1 }, []],
    ['const in a nested array', known([1, 'x']), { const: [1, 'y'] }, ['expected [1,"y"]']],
    ['a single-entry enum', known('b'), { enum: ['a'] }, ['expected "a"']],
    ['an enum', known('c'), { enum: ['a', new JsonNumber('2')] }, ['expected one of ["a",2]']],
    ['HTML-safe const JSON', known('x'), { const: '<&>' }, ['expected "\\u003c\\u0026\\u003e"']],
    ['UTF-8 byte length', known('é'), { maxLength: 1 }, ['expected a string of at most length 1']],
    ['an unanchored pattern', known('xx42yy'), { pattern: '[0-9]+' }, []],
    [
      'a Go-quoted pattern',
      known('a'),
      { pattern: '^"\\d$' },
      ['string must match the pattern "^\\"\\\\d$"'],
    ],
    ['exact decimal multiples', numberText('0.3'), { multipleOf: 0.1 }, []],
    ['a non-multiple', numberText('0.35'), { multipleOf: 0.1 }, ['expected a multiple of 0.1']],
    [
      'a large bound',
      numberText('2000000'),
      { maximum: 1e6 },
      ['expected a number less than or equal to1e+06'],
    ],
    [
      'a type mismatch stops type checks',
      known(5),
      { type: 'string', minLength: 3 },
      ['expected string, got number'],
    ],
    [
      'keywords without a type',
      known('ab'),
      { minLength: 3 },
      ['expected a string of at least length 3'],
    ],
    [
      'required then dependentRequired',
      known({ a: 1 }),
      { required: ['b'], dependentRequired: { a: ['c', 'd'] } },
      ['missing required properties: b, c, d'],
    ],
    ['never rejects silently', known(1), false, []],
    ['a nil-like always', known(1), true, []],
    [
      'anyOf: alternatives first',
      known(true),
      { anyOf: [{ type: 'string' }, { type: 'null' }] },
      [
        'expected string, got boolean',
        'expected null, got boolean',
        'at least one subschema must match',
      ],
    ],
    [
      'oneOf with two matches',
      known('x'),
      { oneOf: [{ type: 'string' }, { minLength: 1 }] },
      ['exactly one subschema may match'],
    ],
    [
      'a $ref target',
      known(3),
      { $defs: { s: { type: 'string' } }, $ref: '#/$defs/s' },
      ['expected string, got number'],
    ],
    [
      'an invalid schema',
      known(3),
      { $ref: '#/nope' },
      [
        'internal error: invalid schema: only fragment references of the form #/$defs/ref are supported',
      ],
    ],
  ])('%s', (_name, value, schema, expected) => {
    const { ok, diags } = validate(value, schema);
    expect(diags.map(([, s]) => s)).toEqual(expected);
    if (expected.length > 0) expect(ok).toBe(false);
  });

  it('returns false without a message for a rejecting never', () => {
    expect(validate(known(1), false).ok).toBe(false);
  });

  it('blames the failing element, not its container', () => {
    const value = known({ list: [1, 'two'], obj: { a: 'x' } }, 'values.v');
    const schema: Schema = {
      properties: {
        list: { items: { type: 'number' } },
        obj: { additionalProperties: { type: 'number' } },
      },
    };
    expect(validate(value, schema).diags).toEqual([
      ['values.v.list[1]', 'expected number, got string'],
      ['values.v.obj.a', 'expected number, got string'],
    ]);
  });

  it('checks prefixItems, then items', () => {
    const schema: Schema = { prefixItems: [{ type: 'string' }], items: { type: 'number' } };
    expect(summaries(known([1, 'x']), schema)).toEqual([
      'expected string, got number',
      'expected number, got string',
    ]);
  });

  it('validates the merged key set of a value with a base', () => {
    const base = known({ a: 'from import', b: 2 });
    const top: Value = { ...known({ a: 'mine' }), base };
    const schema: Schema = {
      properties: { b: { type: 'string' } },
      required: ['a', 'b'],
      maxProperties: 1,
    };
    expect(summaries(top, schema)).toEqual([
      'expected an object with at most 1 properties',
      'expected string, got number',
    ]);
  });
});

describe('validateValue on unknown values', () => {
  it.each<[string, Schema, Schema, string[]]>([
    ['always accepts anything', true, { type: 'string' }, []],
    ['a compatible type', { type: 'string' }, { type: 'string', minLength: 3 }, []],
    ['a type mismatch', { type: 'number' }, { type: 'string' }, ['expected string, got number']],
    [
      'anyOf on the value side',
      { anyOf: [{ type: 'number' }, { type: 'null' }] },
      { type: 'string' },
      [
        'expected string, got number',
        'expected string, got null',
        'at least one subschema must match',
      ],
    ],
    [
      'one matching alternative suffices',
      { oneOf: [{ type: 'number' }, { type: 'string' }] },
      { type: 'string' },
      [],
    ],
    [
      'missing required properties with a path prefix',
      {
        type: 'object',
        properties: { a: { type: 'object', properties: {}, required: [] } },
        required: ['a'],
      },
      {
        type: 'object',
        properties: { a: { type: 'object', required: ['x-y'] } },
        required: ['a', 'b'],
      },
      ['a["x-y"]: missing required property', 'b: missing required property'],
    ],
    [
      'tuple items with an index prefix',
      { prefixItems: [{ type: 'string' }, { type: 'number' }], items: false, type: 'array' },
      { type: 'array', items: { type: 'string' } },
      ['[1]: expected string, got number'],
    ],
    [
      'open objects skip required checks',
      { type: 'object', additionalProperties: true },
      { type: 'object', required: ['a'] },
      [],
    ],
    [
      'additionalProperties against additionalProperties',
      { type: 'object', additionalProperties: { type: 'number' } },
      { type: 'object', additionalProperties: { type: 'string' } },
      ['expected string, got number'],
    ],
  ])('%s', (_name, valueSchema, accept, expected) => {
    expect(summaries(unknown(valueSchema), accept)).toEqual(expected);
  });

  it('blames the unknown value itself', () => {
    const value = objectOf({ port: unknown({ type: 'string' }, 'values.port') }, 'values');
    expect(validate(value, { properties: { port: { type: 'number' } } }).diags).toEqual([
      ['values.port', 'expected number, got string'],
    ]);
  });
});

describe('recursive schemas', () => {
  const selfRef: Schema = { $defs: { a: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' };
  const selfAnyOf: Schema = { $defs: { a: { anyOf: [{ $ref: '#/$defs/a' }] } }, $ref: '#/$defs/a' };
  const tree: Schema = {
    $defs: {
      node: {
        type: 'object',
        properties: { kids: { type: 'array', items: { $ref: '#/$defs/node' } } },
      },
    },
    $ref: '#/$defs/node',
  };

  it.each<[string, Schema]>([
    ['a $ref cycle', selfRef],
    ['a self-referencing anyOf', selfAnyOf],
  ])('terminates on %s', (_name, schema) => {
    expect(validate(known(1), schema).diags).toEqual([]);
    expect(validate(unknown(schema), schema).diags).toEqual([]);
  });

  it('validates recursive structures to any depth the value has', () => {
    const value = known({ kids: [{ kids: [{ kids: 'oops' }] }] });
    expect(summaries(value, tree)).toEqual(['expected array, got string']);
    expect(validate(unknown(tree), tree).diags).toEqual([]);
  });
});
