// Hand-built syntax trees for unit tests: every node gets its own line, so a test can tell which
// node a range belongs to, and document paths are computed as the YAML decoder would.

import type { SourceRange } from '../../src/diagnostics/diagnostic.js';
import { appendPathIndex, appendPathKey } from '../../src/internal/_path.js';
import type { ObjectEntry, StringNode, SyntaxNode } from '../../src/parse/syntax-node.js';

/** An object literal with repeated keys, which a JS object cannot hold. */
export class Pairs {
  constructor(readonly pairs: ReadonlyArray<readonly [string, unknown]>) {}
}

export const FILE = 'test-env';

let nextLine = 1;

export function rangeOn(line: number, column = 1, length = 0): SourceRange {
  return {
    filename: FILE,
    start: { line, column, byte: column - 1 },
    end: { line, column: column + length, byte: column - 1 + length },
  };
}

export function stringNode(value: string, path = '', plainSingleLine = true): StringNode {
  return {
    kind: 'string',
    value,
    path,
    plainSingleLine,
    range: rangeOn(nextLine++, 5, value.length),
  };
}

/** Plain values become nodes: objects keep insertion order; `Pairs` allows duplicates. */
export function toNode(value: unknown, path = ''): SyntaxNode {
  if (value === null || value === undefined)
    return { kind: 'null', path, range: rangeOn(nextLine++) };
  if (typeof value === 'boolean')
    return { kind: 'boolean', value, path, range: rangeOn(nextLine++) };
  if (typeof value === 'number')
    return { kind: 'number', value: String(value), path, range: rangeOn(nextLine++) };
  if (typeof value === 'string') return stringNode(value, path);
  if (Array.isArray(value)) {
    const range = rangeOn(nextLine++);
    return {
      kind: 'array',
      path,
      range,
      items: value.map((item, i) => toNode(item, appendPathIndex(path, i))),
    };
  }
  const pairs =
    value instanceof Pairs ? value.pairs : Object.entries(value as Record<string, unknown>);
  const range = rangeOn(nextLine++);
  const entries: ObjectEntry[] = pairs.map(([key, item]) => {
    const childPath = appendPathKey(path, key);
    return { key: stringNode(key, childPath), value: toNode(item, childPath) };
  });
  return { kind: 'object', path, range, entries };
}
