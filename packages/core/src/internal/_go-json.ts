import { JsonNumber, type JsonValue } from './json-value.js';
import { compareUtf8 } from './_compare-utf8.js';

export interface GoJsonOptions {
  /** Indent unit, as in Go's `json.MarshalIndent(v, "", indent)`; compact when absent or empty. */
  readonly indent?: string | undefined;
}

/**
 * Go `encoding/json` output for plain JSON data: object keys sorted by UTF-8 bytes, HTML-safe string
 * escaping, {@link JsonNumber} text emitted verbatim; undefined fields left out and undefined
 * elements written null, as JSON.stringify does. No trailing newline (add one to mimic
 * `json.Encoder`).
 */
export function goJsonEncode(value: JsonValue, options: GoJsonOptions = {}): string {
  const indent = options.indent ?? '';
  const parts: string[] = [];
  encode(value, indent, '', parts);
  return parts.join('');
}

function encode(value: JsonValue, indent: string, prefix: string, out: string[]): void {
  if (value === null) {
    out.push('null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (typeof value === 'string') {
    out.push(goJsonString(value));
  } else if (typeof value === 'number') {
    out.push(goJsonFloat(value));
  } else if (value instanceof JsonNumber) {
    // Go writes an empty json.Number as 0.
    out.push(value.text === '' ? '0' : value.text);
  } else if (isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const inner = prefix + indent;
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      if (indent !== '') out.push('\n', inner);
      // An undefined element is null, as JSON.stringify writes it.
      encode(item === undefined ? null : item, indent, inner, out);
    });
    if (indent !== '') out.push('\n', prefix);
    out.push(']');
  } else {
    // Fields whose value is undefined are left out, as JSON.stringify leaves them.
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort(compareUtf8);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = prefix + indent;
    out.push('{');
    keys.forEach((key, i) => {
      if (i > 0) out.push(',');
      if (indent !== '') out.push('\n', inner);
      out.push(goJsonString(key), indent !== '' ? ': ' : ':');
      encode(value[key] as JsonValue, indent, inner, out);
    });
    if (indent !== '') out.push('\n', prefix);
    out.push('}');
  }
}

function isArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}

/** Go's float64 encoding follows ES number-to-string except that it keeps the sign of -0. */
function goJsonFloat(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

const HEX = '0123456789abcdef';

/**
 * A JSON string literal as Go's `encoding/json` writes it with HTML escaping on: `<`, `>`, `&`,
 * U+2028 and U+2029 become `\uXXXX`; a lone surrogate (invalid UTF-8 to Go) becomes `\ufffd`.
 */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out += escapeAscii(c);
    } else if (c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else {
        out += '\\ufffd';
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
    } else {
      out += s[i]!;
    }
  }
  return out + '"';
}

function escapeAscii(c: number): string {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x3c: // <
    case 0x3e: // >
    case 0x26: // &
      return '\\u00' + HEX[c >> 4]! + HEX[c & 0xf]!;
    default:
      if (c < 0x20) return '\\u00' + HEX[c >> 4]! + HEX[c & 0xf]!;
      return String.fromCharCode(c);
  }
}
