import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, splitLines } from '../src/diff/line-diff.js';

// The console's diff (revisions compared, a conflict's other change): an edit script that turns
// one text into the other, as short as any.

describe('diffLines', () => {
  it('keeps, removes and adds lines in order, numbered on each side', () => {
    expect(diffLines('a\nb\nc\n', 'a\nx\nc\nd\n')).toEqual([
      { op: 'same', text: 'a', a: 1, b: 1 },
      { op: 'del', text: 'b', a: 2 },
      { op: 'add', text: 'x', b: 2 },
      { op: 'same', text: 'c', a: 3, b: 3 },
      { op: 'add', text: 'd', b: 4 },
    ]);
    expect(diffLines('', '')).toEqual([]);
    expect(diffLines('', 'a')).toEqual([{ op: 'add', text: 'a', b: 1 }]);
    expect(diffLines('a\n', '')).toEqual([{ op: 'del', text: 'a', a: 1 }]);
  });

  it('always rebuilds both texts, with no more edits than a longest common subsequence allows', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 })
      .map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const script = diffLines(a, b);
        expect(script.filter((l) => l.op !== 'add').map((l) => l.text)).toEqual(splitLines(a));
        expect(script.filter((l) => l.op !== 'del').map((l) => l.text)).toEqual(splitLines(b));
        const [x, y] = [splitLines(a), splitLines(b)];
        const lcs = Array.from({ length: x.length + 1 }, () =>
          new Array<number>(y.length + 1).fill(0),
        );
        for (let i = 1; i <= x.length; i++)
          for (let j = 1; j <= y.length; j++)
            lcs[i]![j] =
              x[i - 1] === y[j - 1]
                ? lcs[i - 1]![j - 1]! + 1
                : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
        expect(script.filter((l) => l.op === 'same')).toHaveLength(lcs[x.length]![y.length]!);
      }),
    );
  });
});
