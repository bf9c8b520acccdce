import { describe, expect, it } from 'vitest';
import { goQuote } from '../../src/internal/_go-quote.js';

// Expected values are what Go's strconv.Quote returns for the same (UTF-8) string.
describe('goQuote', () => {
  it.each([
    ['', '""'],
    ['hello, world', '"hello, world"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ["it's", '"it\'s"'],
    ['\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\x00\x01\x1b\x1f', '"\\x00\\x01\\x1b\\x1f"'],
    ['\x7f', '"\\x7f"'],
    ['\u0080\u009f', '"\\u0080\\u009f"'],
    ['a\u00a0b', '"a\\u00a0b"'],
    ['\u3000', '"\\u3000"'],
    ['\u00ad\u200b\ufeff', '"\\u00ad\\u200b\\ufeff"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['\u0378', '"\\u0378"'],
    ['\uffff', '"\\uffff"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['\u{f0000}', '"\\U000f0000"'],
    ['café 日本語 €', '"café 日本語 €"'],
    ['😀', '"😀"'],
    ['e\u0301', '"e\u0301"'],
    ['<&>', '"<&>"'],
    ['\ud800x', '"\ufffdx"'],
    ['x\udc00', '"x\ufffd"'],
  ])('quotes %j as %s', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
});
