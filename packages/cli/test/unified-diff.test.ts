import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/render/unified-diff.js';

const diff = (a: string, b: string): string => unifiedDiff(a, b, 'a', 'b');
const lines = (n: number, change?: [number, string]): string =>
  Array.from({ length: n }, (_, i) => (change?.[0] === i ? change[1] : `line ${i + 1}`))
    .map((l) => `${l}\n`)
    .join('');

describe('unifiedDiff', () => {
  it.each([
    ['equal texts', 'x\ny\n', 'x\ny\n', ''],
    ['a final newline only', 'x', 'x\n', ''],
    ['one changed line', 'x\n', 'y\n', '--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n'],
    ['from nothing', '', 'x\ny\n', '--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n'],
    ['to nothing', 'x\n', '', '--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n'],
    [
      'a last line without a newline',
      '{\n  "a": 1\n}',
      '{\n  "a": 2\n}',
      '--- a\n+++ b\n@@ -1,3 +1,3 @@\n {\n-  "a": 1\n+  "a": 2\n }\n\\ No newline at end of file\n',
    ],
    [
      'only the new side without a newline',
      'x\n',
      'y',
      '--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n\\ No newline at end of file\n',
    ],
  ])('%s', (_, a, b, expected) => {
    expect(diff(a, b)).toBe(expected);
  });

  it('shows three lines of context and splits distant changes into hunks', () => {
    const before = lines(20);
    const after = lines(20, [1, 'two']).replace('line 18\n', 'eighteen\n');
    expect(diff(before, after)).toBe(
      [
        '--- a',
        '+++ b',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -15,6 +15,6 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        '+eighteen',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });
});
