/**
 * Go's `strconv.Quote`: the `%q` verb used by ESC's diagnostics and string conversions.
 *
 * JavaScript strings cannot hold invalid UTF-8, so the `\xNN` form only appears for control bytes.
 * A lone surrogate is what Go would receive as U+FFFD once the string is encoded to UTF-8, and
 * U+FFFD is printable, so it is emitted literally.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    out += escapeRune(cp);
  }
  return out + '"';
}

const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x0b, '\\v'],
]);

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function escapeRune(cp: number): string {
  if (cp === 0x22) return '\\"';
  if (cp === 0x5c) return '\\\\';
  const ch = String.fromCodePoint(cp);
  if (PRINTABLE.test(ch)) return ch;
  const short = SHORT_ESCAPES.get(cp);
  if (short !== undefined) return short;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
