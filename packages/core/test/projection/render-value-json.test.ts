import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/value/value.js';
import { goJsonEncode } from '../../src/internal/_go-json.js';
import { valueToPlainJson } from '../../src/projection/render-value-json.js';
import { JsonNumber } from '../../src/schema/schema.js';
import { arr, bool, nul, num, obj, secret, str, unknown } from './_values.js';

/** Renders through the Go encoder so expectations read as the JSON a user sees. */
const render = (value: Value, redact: boolean): string =>
  goJsonEncode(valueToPlainJson(value, { redact }));

describe('valueToPlainJson', () => {
  it.each<[string, Value, string, string]>([
    ['null', nul(), 'null', 'null'],
    ['boolean', bool(false), 'false', 'false'],
    ['number text kept', num('1.50'), '1.50', '1.50'],
    ['string', str('esc'), '"esc"', '"esc"'],
    ['secret string', secret('hunter2'), '"[secret]"', '"hunter2"'],
    ['unknown', unknown(), '"[unknown]"', '"[unknown]"'],
    ['secret is tested before unknown', unknown({ secret: true }), '"[secret]"', '"[unknown]"'],
    [
      'secret leaves inside a plain container',
      obj({ a: secret('x'), b: arr([secret('y'), str('z')]) }),
      '{"a":"[secret]","b":["[secret]","z"]}',
      '{"a":"x","b":["y","z"]}',
    ],
    [
      'a secret container renders once',
      obj({ a: str('x'), b: num('1') }, { secret: true }),
      '"[secret]"',
      '{"a":"x","b":1}',
    ],
    ['secret array', arr([str('x')], { secret: true }), '"[secret]"', '["x"]'],
  ])('%s', (_name, value, redacted, revealed) => {
    expect(render(value, true)).toBe(redacted);
    expect(render(value, false)).toBe(revealed);
  });

  it('includes keys inherited through the merge base, own entries winning', () => {
    const base = obj({ hello: str('esc'), goodbye: str('all') });
    const value = obj({ hello: str('world') }, { base });
    expect(render(value, true)).toBe('{"goodbye":"all","hello":"world"}');
  });

  it('follows a base chain of several imports', () => {
    const first = obj({ a: str('1'), b: str('1'), c: secret('1') });
    const second = obj({ b: str('2') }, { base: first });
    const top = obj({ a: str('3') }, { base: second });
    expect(render(top, true)).toBe('{"a":"3","b":"2","c":"[secret]"}');
  });

  it('returns numbers as JsonNumber text', () => {
    expect(valueToPlainJson(num('3.14'), { redact: false })).toEqual(new JsonNumber('3.14'));
  });

  it('keeps a "__proto__" key as an own property', () => {
    const plain = valueToPlainJson(obj([['__proto__', str('x')]]), { redact: false });
    expect(Object.keys(plain as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
  });
});
