import type { SourceRange } from '../diagnostics/diagnostic.js';
import { codePointLength, utf8ByteLength } from './_line-index.js';
import type { StringNode } from './syntax-node.js';

/**
 * The range of `node.value.slice(startOffset, endOffset)` (UTF-16 offsets) inside a single-line
 * plain scalar, as ESC computes accessor and interpolation ranges (language-spec §10.5): the
 * node's start advanced by the code points (column) and UTF-8 bytes (byte) of the text before
 * each offset. Other strings have no sub-ranges, so their whole range is returned.
 */
export function subRange(node: StringNode, startOffset: number, endOffset: number): SourceRange {
  if (!node.plainSingleLine) return node.range;
  const { start } = node.range;
  const at = (offset: number) => {
    const before = node.value.slice(0, Math.max(0, offset));
    return {
      line: start.line,
      column: start.column + codePointLength(before),
      byte: start.byte + utf8ByteLength(before),
    };
  };
  return { filename: node.range.filename, start: at(startOffset), end: at(endOffset) };
}
