import type { SourceRange } from '../diagnostics/diagnostic.js';
import { subRange } from '../parse/sub-range.js';
import type { StringNode } from '../parse/syntax-node.js';

/** The source range of `value.slice(startOffset, endOffset)` in one string node. */
export type LocateSubRange = (startOffset: number, endOffset: number) => SourceRange;

// Checkpoints closer than this are not worth a view: measuring a few dozen characters is cheap.
const CHECKPOINT_SPACING = 32;

/**
 * `subRange` for many ranges of one string in linear total time. `subRange` measures from the
 * start of the string, so each range is instead measured from the nearest checkpoint before it:
 * the end of an earlier range, re-based as the start of a view on the rest of the string.
 * Scanning asks for ranges in nearly increasing order, so each stretch of text is measured only
 * a bounded number of times.
 */
export function createSubRangeLocator(node: StringNode): LocateSubRange {
  if (!node.plainSingleLine) return () => node.range;
  if (!NON_ASCII.test(node.value)) return asciiLocator(node);
  const offsets: number[] = [0];
  const views: StringNode[] = [node];
  return (startOffset, endOffset) => {
    const k = lastAtOrBefore(offsets, startOffset);
    const base = offsets[k] ?? 0;
    const range = subRange(views[k] ?? node, startOffset - base, endOffset - base);
    if (endOffset - (offsets[offsets.length - 1] ?? 0) >= CHECKPOINT_SPACING) {
      offsets.push(endOffset);
      const at = range.end;
      views.push({
        ...node,
        value: node.value.slice(endOffset),
        range: { filename: range.filename, start: at, end: at },
      });
    }
    return range;
  };
}

const NON_ASCII = /[\u0080-\uffff]/;

/** `subRange` of an ASCII string: one column and one byte per character. */
function asciiLocator(node: StringNode): LocateSubRange {
  const { filename, start } = node.range;
  const { length } = node.value;
  const at = (offset: number) => {
    const n = offset < 0 ? 0 : offset > length ? length : offset;
    return { line: start.line, column: start.column + n, byte: start.byte + n };
  };
  return (startOffset, endOffset) => ({ filename, start: at(startOffset), end: at(endOffset) });
}

/** Index of the last element of the ascending `offsets` that is <= `offset` (0 when none). */
function lastAtOrBefore(offsets: readonly number[], offset: number): number {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((offsets[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
