import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/value/value.js';
import { toExportedString, toInternalString } from '../../src/value/value-to-string.js';
import { arr, bool, nul, num, obj, secret, str, unknown } from './_values.js';

describe('toInternalString (interpolation, fn::toString)', () => {
  it.each<[string, Value, string]>([
    ['string as-is', str('a "b"'), 'a "b"'],
    ['true', bool(true), 'true'],
    ['false', bool(false), 'false'],
    ['number text', num('3.140'), '3.140'],
    ['null is empty', nul(), ''],
    [
      'array elements Go-quoted',
      arr([str('hello'), num('1'), bool(true), nul()]),
      '"hello","1","true",""',
    ],
    ['nested arrays quoted twice', arr([arr([str('a'), str('b')])]), '"\\"a\\",\\"b\\""'],
    ['empty array', arr([]), ''],
    ['object pairs sorted', obj({ b: str('x'), a: str('y\n') }), '"a"="y\\n","b"="x"'],
    ['empty object', obj({}), ''],
    ['keys in UTF-8 order', obj({ '😀': str('1'), '\ufb01': str('2') }), '"\ufb01"="2","😀"="1"'],
  ])('%s', (_name, value, text) => {
    expect(toInternalString(value)).toEqual({ text, unknown: false, secret: false });
  });

  it('marks an unknown as unknown with a placeholder', () => {
    expect(toInternalString(unknown({ secret: true }))).toEqual({
      text: '[unknown]',
      unknown: true,
      secret: true,
    });
  });

  it('propagates unknown and secret from converted elements', () => {
    expect(toInternalString(arr([str('a'), unknown()]))).toEqual({
      text: '"a","[unknown]"',
      unknown: true,
      secret: false,
    });
    expect(toInternalString(obj({ k: secret('hunter2') }))).toEqual({
      text: '"k"="hunter2"',
      unknown: false,
      secret: true,
    });
  });

  it('visits only own keys, so inherited keys neither appear nor taint', () => {
    const base = obj({ foo: secret('s'), bar: unknown() });
    expect(toInternalString(obj({ baz: str('qux') }, { base }))).toEqual({
      text: '"baz"="qux"',
      unknown: false,
      secret: false,
    });
  });
});

describe('toExportedString (--format string, env vars, files)', () => {
  const merged = obj(
    { hello: str('world') },
    { base: obj({ hello: str('esc'), goodbye: str('all') }) },
  );

  it.each<[string, Value, boolean, string]>([
    ['merged keys (env-get-each-value-string)', merged, true, '"goodbye"="all","hello"="world"'],
    ['array', arr([str('hello'), str('world')]), true, '"hello","world"'],
    ['null', nul(), true, ''],
    ['unknown', unknown(), false, '[unknown]'],
    ['redacted secret', secret('hunter2'), true, '[secret]'],
    ['revealed secret', secret('hunter2'), false, 'hunter2'],
    ['redacted secret inside an object', obj({ k: secret('hunter2') }), true, '"k"="[secret]"'],
    ['secret before unknown', unknown({ secret: true }), true, '[secret]'],
    ['revealed secret unknown', unknown({ secret: true }), false, '[unknown]'],
  ])('%s', (_name, value, redact, text) => {
    expect(toExportedString(value, { redact })).toBe(text);
  });
});
