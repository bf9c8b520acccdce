// The `${...}` property-access grammar (language-spec §3.2), following ESC's `ast/property.go`
// error recovery: every error is reported and parsing goes on, so the access is always usable.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import type { StringNode } from '../parse/syntax-node.js';
import { createSubRangeLocator, type LocateSubRange } from './_locate-sub-range.js';
import type { PropertyAccess, PropertyAccessor } from './property-access.js';

export interface ParsedPropertyAccess {
  readonly access: PropertyAccess;
  /** Offset in the string just past the access: after `}`, or where parsing stopped. */
  readonly end: number;
}

const DOT = 0x2e;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const MISSING_BRACE = "missing closing brace '}' in interpolation";
const MISSING_BRACKET = "subscript is missing closing bracket ']'";

/** Go's `unicode.IsSpace` on one byte: ASCII white space plus U+0085 and U+00A0. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
}

function terminatesName(c: number): boolean {
  return c === DOT || c === OPEN_BRACKET || c === CLOSE_BRACE || isSpace(c);
}

const INT64_DIGITS = 19;
const INT64_MAX = 9223372036854775807n;

/** Go `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits only, int64 range. */
function parseDecimalInt(s: string): number | undefined {
  let i = 0;
  const negative = s.charCodeAt(0) === 0x2d;
  if (negative || s.charCodeAt(0) === 0x2b) i = 1;
  if (i === s.length) return undefined;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30) i++;
  const digits = s.slice(i);
  // Checking the length first keeps BigInt away from huge inputs.
  if (digits.length > INT64_DIGITS) return undefined;
  const magnitude = BigInt(digits);
  if (magnitude > (negative ? INT64_MAX + 1n : INT64_MAX)) return undefined;
  const value = Number(digits);
  return negative && value !== 0 ? -value : value;
}

/**
 * Parses the access that starts at `start` (just past `${`) in `node.value`. Errors go to
 * `diagnostics` with sub-ranges of the string node (§10.5); the access is returned in any case.
 * Callers scanning several accesses of one string pass one `locate` for all of them.
 */
export function parsePropertyAccess(
  node: StringNode,
  start: number,
  diagnostics: Diagnostic[],
  locate: LocateSubRange = createSubRangeLocator(node),
): ParsedPropertyAccess {
  return new AccessParser(node, start, diagnostics, locate).parse();
}

/** One access being parsed; `i` is the current offset in the string. */
class AccessParser {
  private readonly text: string;
  private readonly accessors: PropertyAccessor[] = [];
  private i: number;

  constructor(
    private readonly node: StringNode,
    private readonly start: number,
    private readonly diagnostics: Diagnostic[],
    private readonly locate: LocateSubRange,
  ) {
    this.text = node.value;
    this.i = start;
  }

  parse(): ParsedPropertyAccess {
    const { text, accessors } = this;
    for (;;) {
      if (this.i >= text.length) {
        this.error(this.i, MISSING_BRACE);
        return this.finish(this.i);
      }
      const c = text.charCodeAt(this.i);
      if (c === CLOSE_BRACE) {
        this.i++;
        return this.finish(this.i - 1);
      }
      if (c === DOT || c === OPEN_BRACKET) {
        const from = this.i++;
        accessors.push(c === DOT ? this.parseName(from) : this.parseSubscript(from));
        continue;
      }
      if (isSpace(c)) {
        this.error(this.i, MISSING_BRACE);
        return this.finish(this.i);
      }
      accessors.push(this.parseName(this.i));
    }
  }

  private error(from: number, summary: string): void {
    const range = this.locate(from, this.i);
    this.diagnostics.push(
      createDiagnostic('INVALID_ACCESS_SYNTAX', summary, this.node.path, range),
    );
  }

  // `${}` and `${` still yield one (empty-named) accessor: evaluation then reports it.
  private finish(from: number): ParsedPropertyAccess {
    const { accessors, i } = this;
    if (accessors.length === 0)
      accessors.push({ kind: 'name', key: '', range: this.locate(from, i) });
    return { access: { accessors, range: this.locate(this.start - 2, i) }, end: i };
  }

  private parseName(from: number): PropertyAccessor {
    const { text } = this;
    const nameStart = this.i;
    while (this.i < text.length && !terminatesName(text.charCodeAt(this.i))) this.i++;
    const key = text.slice(nameStart, this.i);
    if (key === '') this.error(from, 'property name must not be empty');
    return { kind: 'name', key, range: this.locate(from, this.i) };
  }

  // Past `[`; consumes the closing `]` when there is one.
  private parseSubscript(from: number): PropertyAccessor {
    const { text } = this;
    if (this.i >= text.length) {
      this.error(from, MISSING_BRACKET);
      return { kind: 'key', key: '', range: this.locate(from, this.i) };
    }
    let index: string | number;
    if (text.charCodeAt(this.i) === QUOTE) {
      this.i++;
      index = this.parseStringSubscript(from);
    } else {
      index = this.parseIndexSubscript(from);
    }
    if (this.i < text.length && text.charCodeAt(this.i) === CLOSE_BRACKET) this.i++;
    else this.error(from, MISSING_BRACKET);
    const range = this.locate(from, this.i);
    return typeof index === 'number'
      ? { kind: 'index', index, range }
      : { kind: 'key', key: index, range };
  }

  // Past `["`: reads to the unescaped closing quote, which it consumes.
  private parseStringSubscript(from: number): string {
    const { text } = this;
    let key = '';
    let segment = this.i;
    for (;;) {
      if (this.i >= text.length) {
        key += text.slice(segment, this.i);
        this.error(from + 1, `key subscript is missing closing quote '"'`);
        return key;
      }
      const c = text.charCodeAt(this.i++);
      if (c === QUOTE) {
        key += text.slice(segment, this.i - 1);
        if (key === '') this.error(from + 1, 'key subscript must not be empty');
        return key;
      }
      if (c === BACKSLASH && this.i < text.length && text.charCodeAt(this.i) === QUOTE) {
        key += text.slice(segment, this.i - 1) + '"';
        segment = ++this.i;
      }
    }
  }

  // Past `[`: reads to `]` or a name terminator, which it leaves in place.
  private parseIndexSubscript(from: number): string | number {
    const { text } = this;
    const indexStart = this.i;
    for (; this.i < text.length; this.i++) {
      const c = text.charCodeAt(this.i);
      if (c === CLOSE_BRACKET || terminatesName(c)) break;
    }
    const raw = text.slice(indexStart, this.i);
    const index = parseDecimalInt(raw);
    if (index === undefined) {
      this.error(from + 1, 'numeric subscript must be a positive base-10 integer');
      return raw;
    }
    if (this.accessors.length === 0) {
      this.error(
        from,
        'the first accessor must be a property name or key subscript, not a numeric subscript',
      );
    }
    return index;
  }
}
