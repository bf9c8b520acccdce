import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type ScalarTag } from 'yaml';
import type { Value } from '../value/value.js';
import { goJsonEncode } from '../internal/_go-json.js';
import { goQuote } from '../internal/_go-quote.js';
import { JsonNumber, type JsonValue } from '../schema/schema.js';
import {
  dotenvEncode,
  dotenvxReadsAsCiphertext,
  isValidVariableName,
  shellQuote,
} from './_env-quoting.js';
import { environmentVariables, temporaryFiles } from './project-environment.js';
import { valueToPlainJson } from './render-value-json.js';
import { toExportedString } from '../value/value-to-string.js';

export { isValidVariableName } from './_env-quoting.js';

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
 * Why a `dotenv` / `shell` output leaves a variable out or may be misread. The first three leave
 * the variables out; the others are advice about readers of `dotenv` output.
 */
export type OutputWarningCode =
  /** The name is not `[A-Za-z_][A-Za-z0-9_]*`: a shell would run it, env-file readers reject it. */
  | 'INVALID_NAME'
  /** The value holds a NUL byte, which no environment variable can hold. */
  | 'NUL_IN_VALUE'
  /** dotenv: no quoting reads the value back exactly in the dotenv package and dotenvx. */
  | 'DOTENV_UNREPRESENTABLE'
  /** dotenv: the value is quoted, and docker's --env-file would keep the quotes. */
  | 'DOCKER_QUOTED'
  /** dotenv: the value spans lines, and docker's --env-file would read each line as an entry. */
  | 'DOCKER_MULTILINE'
  /** dotenv: the value starts with `encrypted:`, which dotenvx takes for its own ciphertext. */
  | 'DOTENVX_CIPHERTEXT';

/** A warning about a projected output. It names variables, never their values. */
export interface OutputWarning {
  readonly code: OutputWarningCode;
  /** The variables concerned, in output order. */
  readonly names: readonly string[];
  /** One line for humans, without a `warning:` prefix; names are quoted when they are invalid. */
  readonly message: string;
}

export interface FormattedOutput {
  readonly text: string;
  readonly warnings: readonly OutputWarning[];
}

/**
 * Renders an opened environment (or the value at a property path) the way `esc open --format`
 * does (language-spec §11.2). `undefined` stands for a missing path and renders like null.
 * The result always ends with a newline unless it is empty. See {@link formatOutputWithWarnings}
 * for what `dotenv` and `shell` leave out.
 */
export function formatOutput(
  root: Value | undefined,
  format: OutputFormat,
  options: FormatOutputOptions,
): string {
  return formatOutputWithWarnings(root, format, options).text;
}

/**
 * {@link formatOutput} plus its warnings, for the caller to show. `shell` and `dotenv` print one
 * `NAME=value` line per environment variable, then one per file (its path), each group sorted by
 * name; they are safe to `eval` or load:
 *
 * - `shell`: `export NAME='value'`, single-quoted as POSIX shells read it back exactly (`'\''`
 *   for a quote);
 * - `dotenv`: `NAME=value` bare where the dotenv package, dotenvx and docker's `--env-file` all
 *   read it exactly, else quoted so that dotenv and dotenvx do (see `_env-quoting.ts`); docker has
 *   no quoting, so such values come with a warning;
 * - a variable whose name is not `[A-Za-z_][A-Za-z0-9_]*`, whose value holds NUL, or (dotenv)
 *   whose value no quoting can carry is left out with a warning.
 *
 * Non-finite numbers (`.nan`, `.inf`) have no JSON form: `json` writes them as the strings `"NaN"`,
 * `"+Inf"` and `"-Inf"` (their text everywhere else).
 */
export function formatOutputWithWarnings(
  root: Value | undefined,
  format: OutputFormat,
  options: FormatOutputOptions,
): FormattedOutput {
  switch (format) {
    case 'json':
      return { text: goJsonEncode(plain(root, options), { indent: '  ' }) + '\n', warnings: [] };
    case 'yaml':
      return { text: renderYaml(plain(root, options)), warnings: [] };
    case 'dotenv':
    case 'shell':
      return variableLines(root, options, format);
    case 'string': {
      const text = root === undefined ? '' : toExportedString(root, options);
      return { text: text.endsWith('\n') ? text : text + '\n', warnings: [] };
    }
  }
}

function plain(root: Value | undefined, options: FormatOutputOptions): JsonValue {
  return root === undefined ? null : valueToPlainJson(root, options);
}

function variableLines(
  root: Value | undefined,
  options: FormatOutputOptions,
  format: 'dotenv' | 'shell',
): FormattedOutput {
  const entries = [
    ...environmentVariables(root, options),
    ...temporaryFiles(root, options).map((entry) => ({
      name: entry.name,
      value: options.filePaths?.get(entry.name) ?? '[unknown]',
    })),
  ];
  const byCode = new Map<OutputWarningCode, string[]>();
  const warn = (code: OutputWarningCode, name: string): void => {
    const names = byCode.get(code) ?? [];
    names.push(name);
    byCode.set(code, names);
  };
  let text = '';
  for (const { name, value } of entries) {
    if (!isValidVariableName(name)) {
      warn('INVALID_NAME', name);
      continue;
    }
    if (value.includes('\0')) {
      warn('NUL_IN_VALUE', name);
      continue;
    }
    if (format === 'shell') {
      text += `export ${name}=${shellQuote(value)}\n`;
      continue;
    }
    const encoded = dotenvEncode(value);
    if (encoded === undefined) {
      warn('DOTENV_UNREPRESENTABLE', name);
      continue;
    }
    if (encoded.docker === 'quoted') warn('DOCKER_QUOTED', name);
    if (encoded.docker === 'multiline') warn('DOCKER_MULTILINE', name);
    if (dotenvxReadsAsCiphertext(value)) warn('DOTENVX_CIPHERTEXT', name);
    text += `${name}=${encoded.text}\n`;
  }
  const warnings: OutputWarning[] = [];
  for (const code of WARNING_ORDER) {
    const names = byCode.get(code);
    if (names !== undefined) warnings.push({ code, names, message: warningMessage(code, names) });
  }
  return { text, warnings };
}

const WARNING_ORDER: readonly OutputWarningCode[] = [
  'INVALID_NAME',
  'NUL_IN_VALUE',
  'DOTENV_UNREPRESENTABLE',
  'DOCKER_MULTILINE',
  'DOCKER_QUOTED',
  'DOTENVX_CIPHERTEXT',
];

function warningMessage(code: OutputWarningCode, names: readonly string[]): string {
  const list = names.map((name) => (isValidVariableName(name) ? name : goQuote(name))).join(', ');
  const one = names.length === 1;
  switch (code) {
    case 'INVALID_NAME':
      return `left out ${list}: ${one ? 'not a valid variable name' : 'not valid variable names'} (letters, digits and _, not starting with a digit)`;
    case 'NUL_IN_VALUE':
      return `left out ${list}: an environment variable cannot hold a NUL byte`;
    case 'DOTENV_UNREPRESENTABLE':
      return `left out ${list}: no dotenv quoting reads ${one ? 'its value' : 'their values'} back exactly (use -f shell or -f json)`;
    case 'DOCKER_MULTILINE':
      return `${list} ${one ? 'spans' : 'span'} several lines: dotenv and dotenvx read ${one ? 'it' : 'them'} exactly, docker --env-file would read each line as a separate entry`;
    case 'DOCKER_QUOTED':
      return `${list} ${one ? 'is' : 'are'} quoted: dotenv and dotenvx read ${one ? 'it' : 'them'} exactly, docker --env-file (which has no quoting) would keep the quotes`;
    case 'DOTENVX_CIPHERTEXT':
      return `${list} ${one ? 'starts' : 'start'} with "encrypted:", which dotenvx would try to decrypt`;
  }
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
