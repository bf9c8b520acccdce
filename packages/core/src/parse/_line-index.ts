import { Buffer } from 'node:buffer';
import type { Position } from '../diagnostics/diagnostic.js';

const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 byte length of a string (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8ByteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Number of Unicode code points in `s` (a surrogate pair counts once). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Per-code-point UTF-16 and byte offsets of one non-ASCII line, relative to the line start. */
interface CodePointTable {
  readonly utf16: Int32Array;
  readonly bytes: Int32Array;
}

/**
 * Maps offsets in a document to 1-based lines and code-point columns and back to byte offsets.
 * Lines are split on `\n` only, as ESC's position index does. Built once per document in O(n);
 * non-ASCII lines get a code-point table on first use, so every lookup is O(log n).
 */
export class LineIndex {
  /** UTF-16 offset of each line start. */
  private readonly starts: number[] = [0];
  /** UTF-8 byte offset of each line start. */
  private readonly byteStarts: number[] = [0];
  private readonly asciiLines: boolean[] = [];
  private readonly tables = new Map<number, CodePointTable>();
  /** The 0-based line of the last lookup: lookups mostly move forward a line or two. */
  private hint = 0;
  /** Whether the whole text is ASCII. */
  readonly ascii: boolean;

  constructor(private readonly text: string) {
    this.ascii = !NON_ASCII.test(text);
    if (this.ascii) {
      // All ASCII: UTF-16 offsets are byte offsets, and only newlines need finding.
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
        this.asciiLines.push(true);
        this.starts.push(nl + 1);
        this.byteStarts.push(nl + 1);
      }
      this.asciiLines.push(true);
      return;
    }
    let byte = 0;
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        byte++;
        if (c === 0x0a) {
          this.asciiLines.push(ascii);
          this.starts.push(i + 1);
          this.byteStarts.push(byte);
          ascii = true;
        }
        continue;
      }
      ascii = false;
      if (c < 0x800) byte += 2;
      else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
        byte += 4;
        i++;
      } else byte += 3;
    }
    this.asciiLines.push(ascii);
  }

  /** Number of `\n`-separated lines (one more than the number of newlines). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and code-point column of a UTF-16 offset (clamped to the text). */
  locate(offset: number): { line: number; column: number } {
    const off = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(off);
    return { line: line + 1, column: this.columnIn(line, off) };
  }

  /**
   * The position (line, column and byte, as `locate` and `byteAt` give them) of a UTF-16 offset,
   * with ESC's quirk that positions on the last `\n`-separated line get byte 0.
   */
  position(offset: number): Position {
    const off = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    const line = this.lineOf(off);
    if (this.asciiLines[line]) {
      const column = off - (this.starts[line] ?? 0) + 1;
      const byte = line + 1 >= this.starts.length ? 0 : (this.byteStarts[line] ?? 0) + column - 1;
      return { line: line + 1, column, byte };
    }
    return this.positionAt(line + 1, this.columnIn(line, off));
  }

  /** The position of a 1-based line and code-point column (byte as `byteAt`, 0 on the last line). */
  positionAt(line: number, column: number): Position {
    return { line, column, byte: line >= this.starts.length ? 0 : this.byteAt(line, column) };
  }

  /** The 0-based line holding an offset already clamped to the text. */
  private lineOf(off: number): number {
    const { starts } = this;
    const last = starts.length - 1;
    let line = this.hint;
    // The hinted line, or one of the next two, before a binary search.
    if ((starts[line] ?? 0) <= off) {
      for (let n = 0; n < 3; n++) {
        if (line === last || (starts[line + 1] ?? 0) > off) return (this.hint = line);
        line++;
      }
    }
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }

  /** 1-based code-point column of a clamped offset on a 0-based line. */
  private columnIn(line: number, off: number): number {
    const start = this.starts[line] ?? 0;
    if (this.asciiLines[line]) return off - start + 1;
    const utf16 = this.table(line).utf16;
    // The code point whose UTF-16 offset is the last one <= off.
    let a = 0;
    let b = utf16.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if ((utf16[mid] ?? 0) <= off - start) a = mid;
      else b = mid - 1;
    }
    return a + 1;
  }

  /**
   * Byte offset of a 1-based line and code-point column. On an ASCII line this is
   * `lineStart + column - 1` even past the line's end; on other lines the column is clamped to
   * the line's end (both as ESC computes it). Lines out of range give 0.
   */
  byteAt(line: number, column: number): number {
    const i = line - 1;
    const byteStart = this.byteStarts[i];
    if (byteStart === undefined || i < 0) return 0;
    if (this.asciiLines[i]) return byteStart + column - 1;
    const bytes = this.table(i).bytes;
    const cp = Math.max(0, Math.min(column - 1, bytes.length - 1));
    return byteStart + (bytes[cp] ?? 0);
  }

  private table(i: number): CodePointTable {
    const cached = this.tables.get(i);
    if (cached) return cached;
    const start = this.starts[i] ?? 0;
    const next = this.starts[i + 1];
    // Exclude the terminating newline.
    const end = next === undefined ? this.text.length : next - 1;
    const utf16: number[] = [0];
    const bytes: number[] = [0];
    let byte = 0;
    for (let j = start; j < end; j++) {
      const c = this.text.charCodeAt(j);
      if (c < 0x80) byte += 1;
      else if (c < 0x800) byte += 2;
      else if (
        c >= 0xd800 &&
        c <= 0xdbff &&
        j + 1 < end &&
        isLowSurrogate(this.text.charCodeAt(j + 1))
      ) {
        byte += 4;
        j++;
      } else byte += 3;
      utf16.push(j + 1 - start);
      bytes.push(byte);
    }
    const table = { utf16: Int32Array.from(utf16), bytes: Int32Array.from(bytes) };
    this.tables.set(i, table);
    return table;
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
