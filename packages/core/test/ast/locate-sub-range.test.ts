import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSubRangeLocator } from '../../src/ast/_locate-sub-range.js';
import { subRange } from '../../src/parse/sub-range.js';
import { stringNode } from './_syntax.js';

describe('createSubRangeLocator', () => {
  it('agrees with subRange for any sequence of ranges, forwards or backwards', () => {
    // Code-point boundaries only, as scanning produces: ASCII, 2-, 3- and 4-byte characters.
    const unit = fc.constantFrom('a', '.', '$', 'é', '世', '😀', ' ');
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 120 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        (chars, queries) => {
          const node = stringNode(chars.join(''));
          const boundaries = [0];
          for (const ch of chars) boundaries.push(boundaries[boundaries.length - 1]! + ch.length);
          const locate = createSubRangeLocator(node);
          for (const [a, b] of queries) {
            const start = boundaries[a % boundaries.length]!;
            const end = Math.max(start, boundaries[b % boundaries.length]!);
            expect(locate(start, end)).toEqual(subRange(node, start, end));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with subRange on ASCII strings, offsets past either end included', () => {
    const unit = fc.constantFrom('a', '.', '$', '{', ' ');
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 120 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 130 }), fc.integer({ min: -5, max: 130 }))),
        (chars, queries) => {
          const node = stringNode(chars.join(''));
          const locate = createSubRangeLocator(node);
          for (const [start, end] of queries)
            expect(locate(start, end)).toEqual(subRange(node, start, end));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the whole node for strings without sub-ranges', () => {
    const node = stringNode('"quoted ${a}"', 'p', false);
    expect(createSubRangeLocator(node)(3, 5)).toBe(node.range);
  });
});
