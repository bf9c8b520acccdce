// `-f shell` and `-f dotenv` read back by the real readers: `sh` (eval), the dotenv package and
// dotenvx. Any value a variable can hold must come back byte for byte, or be left out with a
// warning (dotenv only: what no quoting carries; both: NUL, which no variable can hold).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as dotenvxParse } from '@dotenvx/dotenvx';
import dotenv from 'dotenv';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatOutputWithWarnings } from '../../src/projection/format-output.js';
import { obj, str } from './_values.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-round-trip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What shells, env files and their parsers treat specially, plus any Unicode (NUL included).
const special = fc.constantFrom(
  "'",
  '"',
  '`',
  '$',
  '$(',
  '${',
  '\\',
  '\n',
  '\r',
  '#',
  ' ',
  '\t',
  '=',
  ';',
  '&',
  '|',
  '*',
  '~',
  '\u00a0',
  '\u2028',
  'é',
  '😀',
  'encrypted:',
  'a',
  'Z',
  '0',
);
const value = fc.string({
  unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  maxLength: 24,
});
// Short values over the characters that end or open quoted values meet each other more often.
const tricky = fc.string({
  unit: fc.constantFrom("'", '"', '`', '\\', '#', ' ', '\n', '\r', '\u2028', '$', 'a'),
  maxLength: 5,
});
const values = fc.array(fc.oneof(value, tricky), { minLength: 1, maxLength: 6 });

function environment(vs: readonly string[]) {
  return obj({
    environmentVariables: obj(Object.fromEntries(vs.map((v, i) => [`K${i}`, str(v)]))),
  });
}

/** What the output must hold: every value but those a variable cannot hold (NUL). */
function expected(vs: readonly string[]): Record<string, string> {
  return Object.fromEntries(vs.flatMap((v, i) => (v.includes('\0') ? [] : [[`K${i}`, v]])));
}

describe('-f shell read back by sh', () => {
  // One `sh` per run: eval the output, then print each variable NUL-terminated.
  function readBack(text: string, names: readonly string[]): Record<string, string> {
    const file = join(dir, 'out.sh');
    writeFileSync(file, text);
    const script = `eval "$(cat "$1")"; for n in ${names.join(' ')}; do eval "printf '%s\\\\0' \\"\\$$n\\""; done`;
    const out = execFileSync('sh', ['-c', script, 'sh', file], { cwd: dir, env: {} });
    const parts = out.toString('utf8').split('\0').slice(0, -1);
    return Object.fromEntries(names.map((name, i) => [name, parts[i]!]));
  }

  it('gives back every value byte for byte, and runs nothing', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const { text, warnings } = formatOutputWithWarnings(environment(vs), 'shell', {
          redact: false,
        });
        const want = expected(vs);
        expect(readBack(text, Object.keys(want))).toEqual(want);
        const withNul = vs.flatMap((v, i) => (v.includes('\0') ? [`K${i}`] : []));
        expect(warnings.flatMap((w) => w.names)).toEqual(withNul);
        // Nothing ran: a `$(...)`, backtick or `;` in a value would have created files here.
        expect(readdirSync(dir)).toEqual(['out.sh']);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves out names that are not variable names, so none of them runs', () => {
    const names = ['X;touch a', '$(touch b)', '`touch c`', 'X=1 touch d', 'X\ntouch e', 'OK'];
    const root = obj({
      environmentVariables: obj(Object.fromEntries(names.map((n) => [n, str('v')]))),
    });
    const { text, warnings } = formatOutputWithWarnings(root, 'shell', { redact: false });
    expect(readBack(text, ['OK'])).toEqual({ OK: 'v' });
    expect(readdirSync(dir)).toEqual(['out.sh']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.names).toEqual(names.filter((n) => n !== 'OK').sort());
  });
});

// No process environment to prefer over the file; a value starting with `encrypted:` (warned
// about, left out of the comparison) is not an error to log.
const DOTENVX_OPTIONS = { processEnv: {}, ignore: ['MISSING_PRIVATE_KEY'] };

describe('-f dotenv read back by the dotenv package and dotenvx', () => {
  it('gives back every value it writes, byte for byte, and names those it leaves out', () => {
    let written = 0;
    let total = 0;
    fc.assert(
      fc.property(values, (vs) => {
        const { text, warnings } = formatOutputWithWarnings(environment(vs), 'dotenv', {
          redact: false,
        });
        const leftOut = warnings
          .filter((w) => w.code === 'NUL_IN_VALUE' || w.code === 'DOTENV_UNREPRESENTABLE')
          .flatMap((w) => w.names);
        const want = Object.fromEntries(
          Object.entries(expected(vs)).filter(([name]) => !leftOut.includes(name)),
        );
        // Every value is either read back exactly or named in a warning.
        expect(Object.keys(want).length + leftOut.length).toBe(vs.length);
        expect(dotenv.parse(text)).toEqual(want);
        const viaDotenvx = dotenvxParse(text, DOTENVX_OPTIONS);
        const ciphertextLike = new Set(
          warnings.filter((w) => w.code === 'DOTENVX_CIPHERTEXT').flatMap((w) => w.names),
        );
        for (const name of ciphertextLike) delete viaDotenvx[name];
        for (const name of ciphertextLike) delete want[name];
        expect(viaDotenvx).toEqual(want);
        written += Object.keys(want).length;
        total += vs.length;
      }),
      { numRuns: 1000 },
    );
    // The generator is adversarial (mostly quotes, `$`, `#`, line breaks): most values still fit.
    expect(written / total).toBeGreaterThan(0.8);
  });

  it('writes typical values bare, which docker --env-file reads exactly too', () => {
    const typical = [
      'postgres://user:p4ss@db.internal:5432/app?sslmode=require',
      'dGhpcyBpcyBiYXNlNjQ+Lw==',
      '{"a":[1,"b"]}',
      'hello world',
      '',
    ];
    const { text, warnings } = formatOutputWithWarnings(environment(typical), 'dotenv', {
      redact: false,
    });
    expect(warnings).toEqual([]);
    // docker's reader: everything after the first `=` up to the line break, literally.
    const docker = Object.fromEntries(
      text
        .split('\n')
        .slice(0, -1)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(docker).toEqual(expected(typical));
    expect(dotenv.parse(text)).toEqual(expected(typical));
  });
});
