// Quoting of environment variables for `-f shell` and `-f dotenv` (see format-output.ts).

/** A name every shell and env-file reader accepts: `[A-Za-z_][A-Za-z0-9_]*`. */
export function isValidVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/**
 * A POSIX shell word that reads back as exactly `value`: single quotes, in which nothing is
 * special, with each `'` written as `'\''`. `value` must not hold NUL (no shell can).
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** How docker's `--env-file` reads a dotenv line (it has no quoting at all). */
export type DockerReading = 'exact' | 'quoted' | 'multiline';

export interface DotenvEncoding {
  /** The text after `NAME=`. */
  readonly text: string;
  readonly docker: DockerReading;
}

/**
 * The text after `NAME=` that the dotenv package and dotenvx read back as exactly `value`, and
 * docker's `--env-file` too where any encoding allows; undefined when no encoding is exact for
 * dotenv and dotenvx. Their shared line grammar, and what each does on top (dotenv 17, dotenvx 1):
 *
 * - A line is `NAME=` then `'...'`, `"..."` or `` `...` `` (which may span lines and end before a
 *   `#` comment), or else everything up to the first `#` or line break, trimmed of whitespace.
 *   Surrounding quotes are removed; a CR anywhere in the file is read as LF first.
 * - A quoted value's end is its first unescaped closing quote: a value ending in `\` would turn
 *   its closing quote into `\'` and run on into the next lines.
 * - Inside `"..."` dotenv turns `\n` and `\r` into LF and CR (dotenvx `\t` too); no other escape
 *   exists, so a `"` or a `\` cannot be written there.
 * - dotenvx runs `$(...)` and expands `$NAME` / `${NAME}` in every value but a single-quoted one.
 * - docker reads everything after the first `=` literally, up to the line break (a final CR is
 *   dropped): only a bare value is exact, and a value spanning lines becomes several entries.
 *
 * So: bare when all three read it alike; else single quotes (literal for both); else double
 * quotes with `\n` / `\r` escapes; else backticks. A value with a line break prefers the one-line
 * double-quoted form, so docker at least reads one entry.
 */
export function dotenvEncode(value: string): DotenvEncoding | undefined {
  if (value.includes('\0')) return undefined;
  if (isBare(value)) return { text: value, docker: 'exact' };
  const multiline = /[\n\r]/.test(value);
  const candidates = multiline
    ? [doubleQuoted, singleQuoted, backticked]
    : [singleQuoted, doubleQuoted, backticked, singleQuotedOnOneLine];
  for (const candidate of candidates) {
    const text = candidate(value);
    if (text === undefined) continue;
    return { text, docker: text.includes('\n') ? 'multiline' : 'quoted' };
  }
  return undefined;
}

/**
 * dotenvx reads a value starting with `encrypted:` as its own ciphertext, whatever the quoting,
 * and fails to decrypt it.
 */
export function dotenvxReadsAsCiphertext(value: string): boolean {
  return value.startsWith('encrypted:');
}

// Bare: no comment, expansion, line break or line separator (JavaScript's `^`/`$` treat U+2028 and
// U+2029 as line ends), no quote in front (it would be taken for a quoted value) and no
// whitespace at either end (dotenv trims it).
function isBare(value: string): boolean {
  if (value === '') return true;
  if (/[#$\n\r\u2028\u2029]/.test(value)) return false;
  if (/^['"`]/.test(value)) return false;
  return !/^\s|\s$/.test(value);
}

function singleQuoted(value: string): string | undefined {
  if (value.includes("'") || value.includes('\r') || value.endsWith('\\')) return undefined;
  return `'${value}'`;
}

function doubleQuoted(value: string): string | undefined {
  if (/["\\$]/.test(value)) return undefined;
  return `"${value.replaceAll('\n', '\\n').replaceAll('\r', '\\r')}"`;
}

function backticked(value: string): string | undefined {
  if (/[`$\r]/.test(value) || value.endsWith('\\')) return undefined;
  return `\`${value}\``;
}

// With a `'` inside, `'...'` is read as the whole rest of the line (no quoted form matches), which
// needs one line without `#`.
function singleQuotedOnOneLine(value: string): string | undefined {
  if (/[#\n\r\u2028\u2029]/.test(value) || value.endsWith('\\')) return undefined;
  return `'${value}'`;
}
