import { describe, expect, it } from 'vitest';
import { decodeYaml } from '../../src/parse/decode-yaml.js';
import { subRange } from '../../src/parse/sub-range.js';
import type { SourceRange } from '../../src/diagnostics/diagnostic.js';
import type { StringNode } from '../../src/parse/syntax-node.js';

/** The value of the document's last entry, which must be a string. */
function stringAt(source: string): StringNode {
  const { node } = decodeYaml('env', source);
  const value = node?.kind === 'object' ? node.entries.at(-1)?.value : undefined;
  if (value?.kind !== 'string') throw new Error('expected a string value');
  return value;
}

const at = (r: SourceRange) =>
  `${r.start.line}:${r.start.column}@${r.start.byte}-${r.end.line}:${r.end.column}@${r.end.byte}`;

describe('subRange', () => {
  // From the corpus case omnibus: `access: ${open["baz"]}` on its own line.
  const access = stringAt('x: 1\naccess: ${open["baz"]}\n');

  it.each([
    [2, 6, '2:11@15-2:15@19'], // the name `open`
    [6, 13, '2:15@19-2:22@26'], // the subscript `["baz"]`
    [0, 14, '2:9@13-2:23@27'], // the whole string
    [13, 13, '2:22@26-2:22@26'], // zero width
  ])('offsets %d..%d of a plain scalar → %s', (start, end, expected) => {
    expect(at(subRange(access, start, end))).toBe(expected);
    expect(subRange(access, start, end).filename).toBe('env');
  });

  it('advances columns by code points and bytes by UTF-8 length', () => {
    const node = stringAt('a: é😀${x}\n');
    // "é😀" is 3 UTF-16 units, 2 code points and 6 bytes.
    expect(at(subRange(node, 3, 7))).toBe('1:6@9-1:10@13');
  });

  it.each([
    ['a: "${x.y}"\n'],
    ["a: '${x.y}'\n"],
    ['a: |\n  ${x.y}\n'],
    ['a: ${x.\n  y}\n'],
    ['a: !!str ${x.y}\n'],
  ])('%j has no sub-ranges: the whole node range is returned', (source) => {
    const node = stringAt(source);
    expect(subRange(node, 2, 5)).toBe(node.range);
  });
});
