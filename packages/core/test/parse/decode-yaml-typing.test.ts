import { describe, expect, it } from 'vitest';
import { decodeYaml } from '../../src/parse/decode-yaml.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';

/** Decodes `v: <scalar>` and returns the value's kind and value. */
function typeOf(scalar: string): [string, unknown] {
  const { node, diagnostics } = decodeYaml('t', `v: ${scalar}\n`);
  expect(diagnostics).toEqual([]);
  if (node?.kind !== 'object') throw new Error('expected an object');
  const value: SyntaxNode | undefined = node.entries[0]?.value;
  if (!value) throw new Error('expected an entry');
  switch (value.kind) {
    case 'null':
      return ['null', null];
    case 'array':
    case 'object':
      return [value.kind, undefined];
    default:
      return [value.kind, value.value];
  }
}

describe('decodeYaml scalar typing (yaml.v3 rules)', () => {
  it.each<[string, string, unknown]>([
    // null forms
    ['', 'null', null],
    ['~', 'null', null],
    ['null', 'null', null],
    ['Null', 'null', null],
    ['NULL', 'null', null],
    ['nULL', 'string', 'nULL'],
    // booleans: only these six spellings
    ['true', 'boolean', true],
    ['True', 'boolean', true],
    ['TRUE', 'boolean', true],
    ['false', 'boolean', false],
    ['False', 'boolean', false],
    ['FALSE', 'boolean', false],
    ['tRUE', 'string', 'tRUE'],
    ['yes', 'string', 'yes'],
    ['no', 'string', 'no'],
    ['on', 'string', 'on'],
    ['off', 'string', 'off'],
    ['y', 'string', 'y'],
    // integers: canonical base 10
    ['42', 'number', '42'],
    ['-17', 'number', '-17'],
    ['+5', 'number', '5'],
    ['0', 'number', '0'],
    ['-0', 'number', '0'],
    ['1_000_000', 'number', '1000000'],
    ['0x1F', 'number', '31'],
    ['0X1f', 'number', '31'],
    ['-0x10', 'number', '-16'],
    ['0o17', 'number', '15'],
    ['0b101', 'number', '5'],
    ['-0b11', 'number', '-3'],
    ['0123', 'number', '83'],
    ['0_7', 'number', '7'],
    ['9223372036854775807', 'number', '9223372036854775807'],
    ['-9223372036854775808', 'number', '-9223372036854775808'],
    ['18446744073709551615', 'number', '18446744073709551615'],
    ['0xFFFFFFFFFFFFFFFF', 'number', '18446744073709551615'],
    // beyond uint64, or signed beyond int64: a float
    ['18446744073709551616', 'number', '1.8446744073709552e+19'],
    ['-9223372036854775809', 'number', '-9.223372036854776e+18'],
    ['+18446744073709551615', 'number', '1.8446744073709552e+19'],
    // not valid octal, but a valid decimal float
    ['08', 'number', '8'],
    ['0x', 'string', '0x'],
    ['0xZZ', 'string', '0xZZ'],
    // floats
    ['1.0', 'number', '1'],
    ['3.10', 'number', '3.1'],
    ['1e3', 'number', '1000'],
    ['123456.5', 'number', '123456.5'],
    ['1000000.0', 'number', '1e+06'],
    ['0.0001', 'number', '0.0001'],
    ['0.00001', 'number', '1e-05'],
    ['2.5e10', 'number', '2.5e+10'],
    ['1.', 'number', '1'],
    ['.5', 'number', '0.5'],
    ['-.5', 'number', '-0.5'],
    ['+.5e2', 'number', '50'],
    ['1_0.5', 'number', '10.5'],
    ['-0.0', 'number', '-0'],
    ['1e400', 'string', '1e400'],
    ['1.2.3', 'string', '1.2.3'],
    ['1e', 'string', '1e'],
    ['.', 'string', '.'],
    ['._5', 'string', '._5'],
    // non-finite floats keep Go's text
    ['.inf', 'number', '+Inf'],
    ['.Inf', 'number', '+Inf'],
    ['+.INF', 'number', '+Inf'],
    ['-.inf', 'number', '-Inf'],
    ['.nan', 'number', 'NaN'],
    ['.NaN', 'number', 'NaN'],
    ['.nAn', 'string', '.nAn'],
    // timestamps and other text stay strings
    ['2001-12-14', 'string', '2001-12-14'],
    ['2001-12-14t21:59:43.10-05:00', 'string', '2001-12-14t21:59:43.10-05:00'],
    ['1:30', 'string', '1:30'],
    ['hello world', 'string', 'hello world'],
    ['<<', 'string', '<<'],
    ['${a.b}', 'string', '${a.b}'],
    ['-x', 'string', '-x'],
    ['+', 'string', '+'],
    // quoted and block scalars are always strings
    ['"42"', 'string', '42'],
    ["'true'", 'string', 'true'],
    ['"null"', 'string', 'null'],
    ['""', 'string', ''],
    ['|\n  42', 'string', '42\n'],
    ['>\n  true', 'string', 'true\n'],
    ['|-\n  42', 'string', '42'],
    // explicit tags
    ['!!str 42', 'string', '42'],
    ['!!str true', 'string', 'true'],
    ['!!int "42"', 'number', '42'],
    ['!!float 1', 'number', '1'],
    ['!!float "2"', 'number', '2'],
    ['!!bool "true"', 'boolean', true],
    ['!!null ""', 'null', null],
    ['!custom 42', 'string', '42'],
    ['! 42', 'number', '42'],
    ['! "42"', 'string', '42'],
  ])('%j decodes to %s %j', (scalar, kind, value) => {
    expect(typeOf(scalar)).toEqual([kind, value]);
  });

  it.each([
    ['!!int foo', 'yaml: cannot decode !!str `foo` as a !!int'],
    ['!!bool yes', 'yaml: cannot decode !!str `yes` as a !!bool'],
    ['!!null 0', 'yaml: cannot decode !!int `0` as a !!null'],
    [
      '!!float 18446744073709551615',
      'yaml: cannot decode !!int `18446744073709551615` as a !!float',
    ],
  ])('%j is an error like yaml.v3', (scalar, summary) => {
    const { node, diagnostics } = decodeYaml('t', `v: ${scalar}\n`);
    expect(node).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: 'YAML_SYNTAX', summary, path: 'v' }]);
    expect(diagnostics[0]?.range?.start).toMatchObject({ line: 1, column: 4 });
  });
});
