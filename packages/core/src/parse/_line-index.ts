import { Buffer } from 'node:buffer';

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
  private readonly ascii: boolean[] = [];
  private readonly tables = new Map<number, CodePointTable>();

  constructor(private readonly text: string) {
    let byte = 0;
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        byte++;
        if (c === 0x0a) {
          this.ascii.push(ascii);
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
    this.ascii.push(ascii);
  }

  /** Number of `\n`-separated lines (one more than the number of newlines). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and code-point column of a UTF-16 offset (clamped to the text). */
  locate(offset: number): { line: number; column: number } {
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[lo] ?? 0;
    if (this.ascii[lo]) return { line: lo + 1, column: off - start + 1 };
    const utf16 = this.table(lo).utf16;
    // The code point whose UTF-16 offset is the last one <= off.
    let a = 0;
    let b = utf16.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if ((utf16[mid] ?? 0) <= off - start) a = mid;
      else b = mid - 1;
    }
    return { line: lo + 1, column: a + 1 };
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
    if (this.ascii[i]) return byteStart + column - 1;
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
