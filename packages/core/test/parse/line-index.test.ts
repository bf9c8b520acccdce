import { describe, expect, it } from 'vitest';
import { codePointLength, LineIndex, utf8ByteLength } from '../../src/parse/_line-index.js';

describe('LineIndex', () => {
  const text = 'ab\nxé😀z\n\nlast';
  const index = new LineIndex(text);

  it('counts lines split on newlines', () => {
    expect(index.lineCount).toBe(4);
  });

  it.each([
    [0, 1, 1],
    [2, 1, 3], // the newline itself
    [3, 2, 1],
    [4, 2, 2], // é
    [5, 2, 3], // 😀 (two UTF-16 units, one column)
    [7, 2, 4], // z
    [9, 3, 1],
    [10, 4, 1],
    [14, 4, 5], // end of text
    [99, 4, 5], // clamped
  ])('offset %d is line %d column %d', (offset, line, column) => {
    expect(index.locate(offset)).toEqual({ line, column });
  });

  it.each([
    [1, 1, 0],
    [1, 3, 2],
    [1, 9, 8], // ASCII lines: not clamped, as ESC computes it
    [2, 1, 3],
    [2, 2, 4],
    [2, 3, 6], // after é (2 bytes)
    [2, 4, 10], // after 😀 (4 bytes)
    [2, 5, 11],
    [2, 9, 11], // non-ASCII lines clamp at the line's end
    [4, 2, 14],
    [0, 1, 0],
    [9, 1, 0],
  ])('line %d column %d is byte %d', (line, column, byte) => {
    expect(index.byteAt(line, column)).toBe(byte);
  });

  it.each([
    ['', 0, 0],
    ['abc', 3, 3],
    ['é', 2, 1],
    ['世界', 6, 2],
    ['😀', 4, 1],
  ])('%j is %d bytes and %d code points', (s, bytes, cps) => {
    expect(utf8ByteLength(s)).toBe(bytes);
    expect(codePointLength(s)).toBe(cps);
  });
});
