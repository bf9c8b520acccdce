// The input and output schema of the corpus's `schema` test provider (upstream eval/eval_test.go,
// testSchemaProvider), written out as a Schema.
import { JsonNumber, type ObjectSchema, type Schema } from '@strata/core';

const str: Schema = { type: 'string' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };

export const SCHEMA_PROVIDER_SCHEMA: ObjectSchema = {
  $defs: {
    defRecord: {
      properties: { baz: { type: 'string', const: 'qux' } },
      type: 'object',
      required: ['baz'],
    },
  },
  properties: {
    null: { type: 'null' },
    boolean: bool,
    false: { type: 'boolean', const: false },
    true: { type: 'boolean', const: true },
    number: num,
    pi: { type: 'number', const: new JsonNumber('3.14') },
    string: str,
    hello: { type: 'string', const: 'hello' },
    array: { items: true, type: 'array' },
    tuple: {
      prefixItems: [
        { type: 'string', const: 'hello' },
        { type: 'string', const: 'world' },
      ],
      items: false,
      type: 'array',
    },
    map: { additionalProperties: true, type: 'object' },
    record: { properties: { foo: str }, type: 'object', required: ['foo'] },
    anyOf: { anyOf: [str, num], type: '' },
    oneOf: { oneOf: [str, num], type: '' },
    ref: { $ref: '#/$defs/defRecord', type: '' },
    'const-array': { type: 'array', const: ['hello', new JsonNumber('42')] },
    'const-object': { type: 'object', const: { hello: 'world' } },
    enum: { type: 'string', enum: ['foo', 'bar'] },
    never: false,
    always: true,
    double: { prefixItems: [str, num], items: false, type: 'array' },
    triple: { prefixItems: [str, num, bool], items: false, type: 'array' },
    dependentReq: {
      properties: { bar: num, foo: str },
      type: 'object',
      dependentRequired: { foo: ['bar'] },
    },
    multiple: { type: 'number', multipleOf: 2 },
    minimum: { type: 'number', minimum: 1 },
    exclusiveMinimum: { type: 'number', exclusiveMinimum: 1 },
    maximum: { type: 'number', maximum: 1 },
    exclusiveMaximum: { type: 'number', exclusiveMaximum: 1 },
    minLength: { type: 'string', minLength: 1 },
    maxLength: { type: 'string', maxLength: 1 },
    pattern: { type: 'string', pattern: '^foo[0-9]+$' },
    minItems: { type: 'array', minItems: 3 },
    maxItems: { type: 'array', maxItems: 2 },
    minProperties: { type: 'object', minProperties: 1 },
    maxProperties: { type: 'object', maxProperties: 1 },
  },
  type: 'object',
};
