import { describe, expect, it } from 'vitest';
import { goJsonEncode, goJsonString } from '../../src/internal/_go-json.js';
import { JsonNumber, type JsonValue } from '../../src/schema/schema.js';

describe('goJsonString', () => {
  it.each([
    ['', '""'],
    ['hunter2 bar', '"hunter2 bar"'],
    ['<a href="x">&</a>', '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['\x00\x01\x1f', '"\\u0000\\u0001\\u001f"'],
    ['\b\f\n\r\t', '"\\b\\f\\n\\r\\t"'],
    ['\x0b', '"\\u000b"'],
    ['\x7f', '"\x7f"'],
    ['a/b\\c', '"a/b\\\\c"'],
    ['é😀', '"é😀"'],
    ['\ud800', '"\\ufffd"'],
    ['a\udfffb', '"a\\ufffdb"'],
  ])('escapes %j as %s', (input, expected) => {
    expect(goJsonString(input)).toBe(expected);
  });
});

describe('goJsonEncode', () => {
  it('leaves out undefined fields and writes undefined elements as null, as JSON.stringify', () => {
    const value = { b: undefined, a: [1, undefined], c: { d: undefined } } as unknown as JsonValue;
    expect(goJsonEncode(value)).toBe('{"a":[1,null],"c":{}}');
    expect(goJsonEncode(value)).toBe(JSON.stringify({ a: [1, undefined], c: { d: undefined } }));
  });

  it.each<[string, JsonValue, string]>([
    ['null', null, 'null'],
    ['booleans', [true, false], '[true,false]'],
    ['number text verbatim', [new JsonNumber('1.50'), new JsonNumber('1e3')], '[1.50,1e3]'],
    ['plain numbers as Go floats', [-0, 1e21, 1e-7, 0.5, 42], '[-0,1e+21,1e-7,0.5,42]'],
    ['empty containers', { a: [], b: {} }, '{"a":[],"b":{}}'],
    ['keys sorted by bytes', { b: 1, a: 2, B: 3 }, '{"B":3,"a":2,"b":1}'],
    ['keys in UTF-8 order, not UTF-16', { '😀': 1, '\uffff': 2 }, '{"\uffff":2,"😀":1}'],
    ['HTML-escaped keys', { '<k>': 'v&' }, '{"\\u003ck\\u003e":"v\\u0026"}'],
  ])('compact: %s', (_name, value, expected) => {
    expect(goJsonEncode(value)).toBe(expected);
  });

  it('indents like json.MarshalIndent with two spaces', () => {
    const value: JsonValue = {
      string: 'esc',
      array: ['hello', new JsonNumber('2'), [], {}],
      object: { nested: { deep: null } },
    };
    expect(goJsonEncode(value, { indent: '  ' })).toBe(
      [
        '{',
        '  "array": [',
        '    "hello",',
        '    2,',
        '    [],',
        '    {}',
        '  ],',
        '  "object": {',
        '    "nested": {',
        '      "deep": null',
        '    }',
        '  },',
        '  "string": "esc"',
        '}',
      ].join('\n'),
    );
  });

  it('keeps a "__proto__" key as an ordinary key', () => {
    const value = JSON.parse('{"__proto__": 1, "a": 2}') as JsonValue;
    expect(goJsonEncode(value)).toBe('{"__proto__":1,"a":2}');
  });

  it('rejects non-finite plain numbers', () => {
    expect(() => goJsonEncode(Number.NaN)).toThrow(RangeError);
  });
});
