// Secret literals hidden from the source lines diagnostics show (see render-diagnostics.ts).

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { SourceRange } from './diagnostic.js';

export const MASK = '[secret]';

/**
 * Where a definition's secret literals are: every scalar under a `fn::secret` key (and what an
 * alias there points to), and every key there but `ciphertext`; a plaintext secret before it is
 * encrypted, or decrypted for `--show-secrets`, and an invalid form such as a list is meant to be
 * secret all the same. The exact extent of each scalar in the text (quotes included) comes from
 * the YAML library, not from the syntax tree, whose ranges follow ESC's rules. `undefined` when
 * the text is not YAML but mentions `fn::secret`: then no line of it may be shown.
 */
export function secretRanges(source: string): readonly SourceRange[] | undefined {
  if (cache?.source === source) return cache.ranges;
  let ranges: SourceRange[] | undefined = [];
  if (source.includes('fn::secret')) {
    const doc = parseDocument(source, { uniqueKeys: false, strict: false });
    if (doc.errors.length > 0) ranges = undefined;
    else {
      const offsets: [number, number][] = [];
      collect(doc, doc.contents, false, offsets);
      const position = positions(source);
      ranges = offsets.map(([start, end]) => ({
        filename: '',
        start: position(start),
        end: position(end),
      }));
    }
  }
  cache = { source, ranges };
  return ranges;
}

// Diagnostics of one definition are rendered one after another: decode it once.
let cache: { source: string; ranges: readonly SourceRange[] | undefined } | undefined;

function collect(doc: Document, node: unknown, secret: boolean, out: [number, number][]): void {
  if (isAlias(node)) {
    if (secret) collect(doc, node.resolve(doc), secret, out);
  } else if (isScalar(node)) {
    if (secret && node.range) out.push([node.range[0], node.range[1]]);
  } else if (isSeq(node)) {
    for (const item of node.items) collect(doc, item, secret, out);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== 'ciphertext' || !secret) collect(doc, pair.key, secret, out);
      collect(doc, pair.value, secret || key === 'fn::secret', out);
    }
  }
}

/** Offset in `text` → 1-based line and column (code points), as diagnostics count them. */
function positions(text: string): (offset: number) => SourceRange['start'] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = [...text.slice(lineStarts[lo], offset)].length + 1;
    return { line: lo + 1, column, byte: 0 };
  };
}

/** Columns `[start, end)` of one line (1-based, code points). */
type Interval = readonly [number, number];

/** The parts of line `line` (its characters `chars`) that `ranges` cover, sorted and merged. */
export function maskedIntervals(
  ranges: readonly SourceRange[],
  line: number,
  chars: readonly string[],
): Interval[] {
  const indent = chars.findIndex((c) => c !== ' ' && c !== '\t') + 1 || chars.length + 1;
  const intervals: [number, number][] = [];
  for (const r of ranges) {
    if (line < r.start.line || line > r.end.line) continue;
    const start = line === r.start.line ? r.start.column : indent;
    const end = line === r.end.line ? r.end.column : chars.length + 1;
    if (end > start) intervals.push([start, end]);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** `chars` with each interval replaced by {@link MASK}. */
export function maskChars(chars: readonly string[], intervals: readonly Interval[]): string[] {
  const out: string[] = [];
  let column = 1;
  for (const [s, e] of intervals) {
    out.push(...chars.slice(column - 1, s - 1), ...MASK);
    column = e;
  }
  out.push(...chars.slice(column - 1));
  return out;
}

/**
 * Where column `column` of the line lands once masked: a start inside a masked part moves to
 * its beginning, an end inside one to its end, so carets cover the whole mask.
 */
export function maskedColumn(
  column: number,
  intervals: readonly Interval[],
  kind: 'start' | 'end',
): number {
  let shift = 0;
  for (const [s, e] of intervals) {
    if (column < s || (kind === 'end' && column === s)) break;
    if (column < e || (kind === 'end' && column === e)) {
      return s + shift + (kind === 'end' ? MASK.length : 0);
    }
    shift += MASK.length - (e - s);
  }
  return column + shift;
}

/**
 * The summary of a diagnostic located in a secret literal (an interpolation or access inside it)
 * may quote the literal's text: its Go-quoted strings and standalone numbers show as `[secret]`.
 */
export function maskSummary(
  summary: string,
  range: SourceRange,
  secrets: readonly SourceRange[],
): string {
  if (!secrets.some((s) => touches(range, s))) return summary;
  return summary.replace(/"(?:[^"\\]|\\.)*"|(?<![\w.-])\d+(?![\w.-])/g, MASK);
}

function touches(range: SourceRange, secret: SourceRange): boolean {
  const before = (a: SourceRange['start'], b: SourceRange['start']): boolean =>
    a.line < b.line || (a.line === b.line && a.column <= b.column);
  return before(secret.start, range.end) && before(range.start, secret.end);
}
