import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/value/value.js';
import { schemaFromValue } from '../../src/value/schema-from-value.js';
import { JsonNumber, type Schema } from '../../src/schema/schema.js';
import { validateValue } from '../../src/value/validate-value.js';
import { known, numberText, objectOf, unknown, type Data } from './_values.js';

type Reported = [path: string, summary: string];

function convert(value: Value): { schema: Schema | undefined; diags: Reported[] } {
  const diags: Reported[] = [];
  const schema = schemaFromValue(value, (v, s) => diags.push([v.def.path, s]));
  return { schema, diags };
}

describe('schemaFromValue', () => {
  it('converts a valid schema, keeping number texts in constants', () => {
    const value = known(
      {
        type: 'object',
        properties: {
          port: { type: 'number', minimum: 1, const: 8080 },
          name: { pattern: '^[a-z]+$' },
        },
        required: ['port'],
        additionalProperties: false,
        'x-unknown-keyword': 1,
      },
      's',
    );
    expect(convert(value)).toEqual({
      schema: {
        type: 'object',
        properties: {
          port: { type: 'number', minimum: 1, const: new JsonNumber('8080') },
          name: { pattern: '^[a-z]+$' },
        },
        required: ['port'],
        additionalProperties: false,
      },
      diags: [],
    });
  });

  it.each<[Data]>([[true], [false]])('accepts the boolean schema %s', (b) => {
    expect(convert(known(b))).toEqual({ schema: b, diags: [] });
  });

  it('yields a schema that validates', () => {
    const { schema } = convert(known({ type: 'string', maxLength: 3 }));
    const diags: string[] = [];
    validateValue(known('long'), schema ?? true, (_v, s) => diags.push(s));
    expect(diags).toEqual(['expected a string of at most length 3']);
  });

  it('reports meta-schema typing failures at the offending values', () => {
    expect(convert(known({ type: 'integer' }, 's'))).toEqual({
      schema: undefined,
      diags: [
        ['s', 'expected boolean, got object'],
        ['s.type', 'expected one of ["string","number","boolean","array","object","null"]'],
        ['s.type', 'at least one subschema must match'],
        ['s', 'at least one subschema must match'],
      ],
    });
  });

  it('types nested schemas through the meta-schema reference', () => {
    const { schema, diags } = convert(known({ properties: { a: { minLength: 'x' } } }, 's'));
    expect(schema).toBeUndefined();
    expect(diags).toContainEqual(['s.properties.a.minLength', 'expected number, got string']);
  });

  it('rejects a scalar schema', () => {
    expect(convert(known('string', 's'))).toEqual({
      schema: undefined,
      diags: [
        ['s', 'expected boolean, got string'],
        ['s', 'expected object, got string'],
        ['s', 'at least one subschema must match'],
      ],
    });
  });

  it.each<[string, Value, string]>([
    [
      'a fractional length',
      objectOf({ minLength: numberText('1.5') }, 's'),
      'invalid schema: strconv.ParseUint: parsing "1.5": invalid syntax',
    ],
    [
      'a length written 1.0',
      objectOf({ maxItems: numberText('1.0') }, 's'),
      'invalid schema: strconv.ParseUint: parsing "1.0": invalid syntax',
    ],
    [
      'an out-of-range count',
      objectOf({ maxItems: numberText('18446744073709551616') }, 's'),
      'invalid schema: strconv.ParseUint: parsing "18446744073709551616": value out of range',
    ],
    [
      'an unknown $ref',
      known({ $ref: '#/$defs/nope' }, 's'),
      'invalid schema: unknown subschema #/$defs/nope',
    ],
    [
      'a bad pattern',
      known({ pattern: '(?=x)' }, 's'),
      'invalid schema: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    ],
  ])('reports %s as an invalid schema', (_name, value, message) => {
    expect(convert(value)).toEqual({ schema: undefined, diags: [['s', message]] });
  });

  it('passes unknown schemas through silently', () => {
    expect(convert(unknown(true))).toEqual({ schema: undefined, diags: [] });
    expect(convert(objectOf({ type: unknown(true) }))).toEqual({ schema: undefined, diags: [] });
  });
});
