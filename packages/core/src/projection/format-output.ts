import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type ScalarTag } from 'yaml';
import type { Value } from '../eval/value.js';
import { goJsonEncode } from '../internal/_go-json.js';
import { goQuote } from '../internal/_go-quote.js';
import { JsonNumber, type JsonValue } from '../schema/schema.js';
import { environmentVariables, temporaryFiles } from './project-environment.js';
import { valueToPlainJson } from './render-value-json.js';
import { toExportedString } from './value-to-string.js';

export type OutputFormat = 'json' | 'yaml' | 'dotenv' | 'shell' | 'string';

export interface FormatOutputOptions {
  /** Replace secret values with `[secret]`. */
  readonly redact: boolean;
  /**
   * For `dotenv` / `shell`: the temporary file written for each `files` entry, by variable name.
   * An entry without a path prints `[unknown]`, as ESC does when it only pretends to write files.
   */
  readonly filePaths?: ReadonlyMap<string, string> | undefined;
}

/**
 * Renders an opened environment (or the value at a property path) the way `esc open --format`
 * does (language-spec §11.2). `undefined` stands for a missing path and renders like null.
 * The result always ends with a newline unless it is empty.
 */
export function formatOutput(
  root: Value | undefined,
  format: OutputFormat,
  options: FormatOutputOptions,
): string {
  switch (format) {
    case 'json':
      return goJsonEncode(plain(root, options), { indent: '  ' }) + '\n';
    case 'yaml':
      return renderYaml(plain(root, options));
    case 'dotenv':
      return dotenvLines(root, options, '');
    case 'shell':
      return dotenvLines(root, options, 'export ');
    case 'string': {
      const text = root === undefined ? '' : toExportedString(root, options);
      return text.endsWith('\n') ? text : text + '\n';
    }
  }
}

function plain(root: Value | undefined, options: FormatOutputOptions): JsonValue {
  return root === undefined ? null : valueToPlainJson(root, options);
}

function dotenvLines(
  root: Value | undefined,
  options: FormatOutputOptions,
  prefix: string,
): string {
  let out = '';
  for (const entry of environmentVariables(root, options)) {
    out += `${prefix}${entry.name}=${goQuote(entry.value)}\n`;
  }
  for (const entry of temporaryFiles(root, options)) {
    const path = options.filePaths?.get(entry.name) ?? '[unknown]';
    out += `${prefix}${entry.name}=${goQuote(path)}\n`;
  }
  return out;
}

/** As yaml.v3's encoder with `SetIndent(3)` writes it. */
function renderYaml(value: JsonValue): string {
  // YAML 1.1 tags make `yes`/`on` strings quoted, as yaml.v3 does; yaml.v3 never folds lines.
  const doc = new Document(null, { version: '1.1', customTags: [goNumberTag] });
  doc.contents = toYamlNode(value);
  return doc.toString({ indent: 3, lineWidth: 0 });
}

/** Builds the nodes by hand so that map keys keep yaml.v3's order. */
function toYamlNode(value: JsonValue): Scalar | YAMLSeq | YAMLMap {
  if (value === null || typeof value !== 'object' || value instanceof JsonNumber) {
    return new Scalar(typeof value === 'number' ? new JsonNumber(String(value)) : value);
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seq.items = value.map((item: JsonValue) => toYamlNode(item));
    return seq;
  }
  const record = value as { readonly [key: string]: JsonValue };
  const map = new YAMLMap();
  map.items = Object.keys(record)
    .sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0))
    .map((key) => new Pair(new Scalar(key), toYamlNode(record[key] as JsonValue)));
  return map;
}

// yaml.v3 turns a json.Number into an int64 when it can, else a float64 printed with %g.
const goNumberTag: ScalarTag = {
  identify: (value) => value instanceof JsonNumber,
  default: true,
  tag: 'tag:yaml.org,2002:float',
  resolve: (source) => source,
  stringify: (item) => {
    const text = (item.value as JsonNumber).text;
    // Neither an int64 nor a float64 (e.g. 1e400): yaml.v3 writes the text as a plain string.
    return goYamlNumber(text) ?? text;
  },
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function goYamlNumber(text: string): string | undefined {
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= INT64_MIN && n <= INT64_MAX) return n.toString();
  }
  if (!DECIMAL.test(text)) return undefined;
  const f = Number(text);
  if (!Number.isFinite(f)) return undefined;
  return goFormatFloatG(f);
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)`. */
function goFormatFloatG(f: number): string {
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = f.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(f);
}

const DIGIT = /^\p{Nd}$/u;
const LETTER = /^\p{L}$/u;

/** yaml.v3's map key order (`keyList.Less`): digit runs compare by value ("a2" < "a10"). */
function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a].map((c) => c.codePointAt(0) ?? 0);
  const br = [...b].map((c) => c.codePointAt(0) ?? 0);
  const isDigit = (cp: number): boolean => DIGIT.test(String.fromCodePoint(cp));
  const isLetter = (cp: number): boolean => LETTER.test(String.fromCodePoint(cp));
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i]!;
    const bc = br[i]!;
    if (ac === bc) {
      digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ac === 0x30 || bc === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) {
      an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]! - 0x30));
    }
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) {
      bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]! - 0x30));
    }
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}
