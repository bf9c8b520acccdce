import { formatGoFloat } from '../internal/_go-float.js';

/** What a YAML scalar decodes to, following gopkg.in/yaml.v3 (language-spec §1.1). */
export type ResolvedScalar =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** `value` is canonical decimal text: integers in base 10, floats as Go formats them. */
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'string' }
  /** An explicit tag the value does not fit; `message` is yaml.v3's text. */
  | { readonly kind: 'error'; readonly message: string };

const NULL: ResolvedScalar = { kind: 'null' };
const STRING: ResolvedScalar = { kind: 'string' };
const TRUE: ResolvedScalar = { kind: 'boolean', value: true };
const FALSE: ResolvedScalar = { kind: 'boolean', value: false };

// yaml.v3's resolve table: exact spellings only (no YAML 1.1 yes/no/on/off).
const RESOLVE_MAP = new Map<string, ResolvedScalar>([
  ['true', TRUE],
  ['True', TRUE],
  ['TRUE', TRUE],
  ['false', FALSE],
  ['False', FALSE],
  ['FALSE', FALSE],
  ['', NULL],
  ['~', NULL],
  ['null', NULL],
  ['Null', NULL],
  ['NULL', NULL],
  ['.nan', { kind: 'number', value: 'NaN' }],
  ['.NaN', { kind: 'number', value: 'NaN' }],
  ['.NAN', { kind: 'number', value: 'NaN' }],
  ['.inf', { kind: 'number', value: '+Inf' }],
  ['.Inf', { kind: 'number', value: '+Inf' }],
  ['.INF', { kind: 'number', value: '+Inf' }],
  ['+.inf', { kind: 'number', value: '+Inf' }],
  ['+.Inf', { kind: 'number', value: '+Inf' }],
  ['+.INF', { kind: 'number', value: '+Inf' }],
  ['-.inf', { kind: 'number', value: '-Inf' }],
  ['-.Inf', { kind: 'number', value: '-Inf' }],
  ['-.INF', { kind: 'number', value: '-Inf' }],
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Short tags yaml.v3 resolves; every other tag leaves the value a string. */
const RESOLVABLE = new Set(['', '!!str', '!!bool', '!!int', '!!float', '!!null', '!!timestamp']);

/**
 * Types a scalar. `tag` is the short explicit tag (`!!int`, `!foo`), or '' for an untagged plain
 * scalar; quoted and block scalars without a tag are strings and never reach here.
 * Non-finite floats (`.inf`, `.nan`) are numbers with Go's text `+Inf`, `-Inf`, `NaN`: the
 * decoder keeps them and later stages decide what to do with them. Timestamps stay strings.
 */
export function resolveScalar(tag: string, text: string): ResolvedScalar {
  if (tag === '') return mayResolve(text.charCodeAt(0)) ? resolveUntagged(text)[1] : STRING;
  if (!RESOLVABLE.has(tag) || tag === '!!str' || tag === '!!timestamp') return STRING;
  const [rtag, out] = resolveUntagged(text);
  if (tag === '' || tag === rtag) return out;
  // yaml.v3 lets !!float take an integer that fits in int64; uint64-only values fail.
  if (tag === '!!float' && rtag === '!!int' && out.kind === 'number') {
    const big = BigInt(out.value);
    if (big >= INT64_MIN && big <= INT64_MAX)
      return { kind: 'number', value: formatGoFloat(Number(big)) };
  }
  return { kind: 'error', message: `yaml: cannot decode ${rtag} \`${text}\` as a ${tag}` };
}

/**
 * Whether a plain scalar starting with this code unit can be anything but a string: digits, signs,
 * `.`, `~`, the first letters of true/false/null, and NaN (the empty scalar).
 */
function mayResolve(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true;
  switch (c) {
    case 0x2b: // +
    case 0x2d: // -
    case 0x2e: // .
    case 0x7e: // ~
    case 0x74: // t
    case 0x54: // T
    case 0x66: // f
    case 0x46: // F
    case 0x6e: // n
    case 0x4e: // N
      return true;
    default:
      return Number.isNaN(c);
  }
}

function resolveUntagged(text: string): [string, ResolvedScalar] {
  const known = RESOLVE_MAP.get(text);
  if (known)
    return [
      known.kind === 'null' ? '!!null' : known.kind === 'boolean' ? '!!bool' : '!!float',
      known,
    ];
  const c = text.charCodeAt(0);
  if (c === 0x2e /* . */) {
    const f = parseGoFloat(text, DOT_FLOAT);
    return f === undefined ? ['!!str', STRING] : ['!!float', { kind: 'number', value: f }];
  }
  const isDigit = c >= 0x30 && c <= 0x39;
  if (!isDigit && c !== 0x2b /* + */ && c !== 0x2d /* - */) return ['!!str', STRING];
  const decimal = shortDecimal(text);
  if (decimal !== undefined) return ['!!int', { kind: 'number', value: decimal }];
  const plain = text.replaceAll('_', '');
  const int = parseGoInt(plain);
  if (int !== undefined) return ['!!int', { kind: 'number', value: int.toString() }];
  if (YAML_STYLE_FLOAT.test(plain)) {
    const n = Number(plain);
    // Go's ParseFloat fails on overflow, and yaml.v3 then keeps the text as a string.
    if (Number.isFinite(n)) return ['!!float', { kind: 'number', value: formatGoFloat(n) }];
  }
  return ['!!str', STRING];
}

/**
 * The common case of `parseGoInt` without BigInt: an optionally signed decimal of at most 15
 * digits without a leading zero (or a lone zero), exact as a double. Undefined for anything else.
 */
function shortDecimal(s: string): string | undefined {
  const sign = s.charCodeAt(0);
  const from = sign === 0x2b /* + */ || sign === 0x2d /* - */ ? 1 : 0;
  const digits = s.length - from;
  if (digits < 1 || digits > 15) return undefined;
  if (s.charCodeAt(from) === 0x30) return digits === 1 ? '0' : undefined;
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return String(sign === 0x2d ? -n : n);
}

/**
 * Go's strconv.ParseInt(s, 0, 64) falling back to ParseUint(s, 0, 64): optional sign (ParseInt
 * only), base prefixes 0x/0o/0b, and a bare leading 0 meaning octal.
 */
function parseGoInt(s: string): bigint | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  let body = s.slice(i);
  if (body === '') return undefined;
  let base = 10n;
  if (body[0] === '0') {
    const p = body.length >= 3 ? body[1]?.toLowerCase() : undefined;
    if (p === 'b') base = 2n;
    else if (p === 'o') base = 8n;
    else if (p === 'x') base = 16n;
    else base = 8n;
    body = body.slice(p === 'b' || p === 'o' || p === 'x' ? 2 : 1);
  }
  let n = 0n;
  for (const ch of body) {
    const d = digitValue(ch);
    if (d === undefined || BigInt(d) >= base) return undefined;
    n = n * base + BigInt(d);
    if (n > UINT64_MAX) return undefined;
  }
  if (neg) n = -n;
  if (n >= INT64_MIN && n <= INT64_MAX) return n;
  // Only an unsigned literal may use the uint64 range.
  return i === 0 && n <= UINT64_MAX ? n : undefined;
}

function digitValue(ch: string): number | undefined {
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return undefined;
}

/** Go's ParseFloat restricted to the forms `pattern` admits; underscores only between digits. */
function parseGoFloat(text: string, pattern: RegExp): string | undefined {
  if (/(^|[^0-9])_|_($|[^0-9])/.test(text)) return undefined;
  const plain = text.replaceAll('_', '');
  if (!pattern.test(plain)) return undefined;
  const n = Number(plain);
  return Number.isFinite(n) ? formatGoFloat(n) : undefined;
}
