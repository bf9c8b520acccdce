// Smaller hardening items: bytes that are not UTF-8 from argv or the editor, esc's `:` version
// separator read one way by every command, `audit --since` far in the future, and errors that
// used to come out raw.

import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, makeSandbox, runBinary, type Result } from './_helpers.js';

let env: Record<string, string>;
let dir: string;
let cleanup: () => Promise<void>;

const strata = (args: string[], stdin = ''): Promise<Result> => runBinary(args, env, stdin, dir);

async function ok(args: string[], stdin = ''): Promise<string> {
  const r = await strata(args, stdin);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** Two lines, `error: ...` and `hint: ...`, and nothing else. */
function expectOneError(r: Result, code: number, error: string | RegExp): void {
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  if (typeof error === 'string') expect(lines[0]).toBe(`error: ${error}`);
  else expect(lines[0]).toMatch(error);
  expect(lines[1]).toMatch(/^hint: \S/);
  expect(r.code).toBe(code);
}

/** Runs the binary through sh, so an argument can hold any bytes (`printf` escapes). */
function viaShell(script: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const prelude = 'node="$0"; bin="$1"; strata() { "$node" "$bin" "$@"; };';
    const child = spawn('sh', ['-c', `${prelude} ${script}`, process.execPath, BIN], {
      env,
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** An editor (a node script) that does `body` to the file it is given. */
async function editor(name: string, body: string): Promise<string> {
  const file = join(dir, `${name}.cjs`);
  await writeFile(file, `const fs = require('node:fs'); const file = process.argv[2];\n${body}\n`);
  return `node ${file}`;
}

beforeAll(async () => {
  await ensureBuilt();
  const sandbox = await makeSandbox();
  dir = sandbox.dir;
  cleanup = sandbox.cleanup;
  env = { ...sandbox.env, STRATA_BACKEND: `sqlite://${join(dir, 's.db')}`, NO_COLOR: '1' };
  await ok(['env', 'init', 'app', '-f', '-'], 'values:\n  a: 1\n');
}, 120_000);

afterAll(() => cleanup());

describe('bytes that are not UTF-8', () => {
  it.runIf(process.platform !== 'win32')('are refused from the command line', async () => {
    const r = await viaShell(`strata env set app k "$(printf 'ab\\377c')"`);
    expectOneError(r, 2, 'argument 5 is not valid UTF-8; nothing was done');
    expect(await ok(['env', 'get', 'app', '--definition'])).not.toContain('k:');
  });

  it('take a real U+FFFD from the command line', async () => {
    await ok(['env', 'set', 'app', 'fffd', 'x\uFFFDy']);
    expect(await ok(['env', 'get', 'app', 'fffd', '--value', 'string'])).toBe('x\uFFFDy\n');
  });

  it('are refused from the editor', async () => {
    const bad = await editor(
      'latin1',
      "fs.writeFileSync(file, Buffer.from('values:\\n  a: caf\\xe9\\n', 'latin1'));",
    );
    expectOneError(
      await strata(['env', 'edit', 'app', '--editor', bad]),
      2,
      'the edited definition is not valid UTF-8; nothing was stored',
    );
    expect(await ok(['env', 'get', 'app', 'a', '--value', 'string'])).toBe('1\n');
  });
});

describe("esc's `:` version separator", () => {
  it.each([
    [['env', 'init', 'colon:1'], 'init'],
    [['env', 'set', 'app:1', 'b', '2'], 'set'],
    [['env', 'rm', 'app:1', 'a'], 'rm'],
    [['env', 'rm', 'app:1', '--yes'], 'rm'],
    [['env', 'edit', 'app:1', '-f', '-'], 'edit'],
  ])('is a version, which %j refuses as esc does', async (args, verb) => {
    expectOneError(await strata(args), 2, `the ${verb} command does not accept versions`);
  });

  it('names a revision wherever one is read', async () => {
    expect((await strata(['env', 'ls'])).stdout).toBe('default/app\n'); // nothing created, nothing removed
    const before = await ok(['env', 'get', 'app@1', '--value', 'json']);
    expect(await ok(['env', 'get', 'app:1', '--value', 'json'])).toBe(before);
    expect(await ok(['env', 'version', 'app:1'])).toBe(await ok(['env', 'version', 'app@1']));
    expect(await ok(['env', 'diff', 'app:1', ':1'])).toBe('');
  });
});

describe('audit --since', () => {
  it.each(['10000-01-01', '+275760-09-13', '99999'])(
    '%s, far in the future, shows nothing',
    async (t) => {
      expect(await ok(['audit', '--since', t])).toBe('');
      expect(await ok(['audit', 'app', '--since', t, '--output', 'json'])).toBe('[]\n');
    },
  );

  it('in the past shows every event, and a year before 0 too', async () => {
    const all = await ok(['audit']);
    expect(all).not.toBe('');
    expect(await ok(['audit', '--since', '2000-01-01'])).toBe(all);
    expect(await ok(['audit', '--since=-000100-01-01'])).toBe(all);
  });
});

describe('errors that came out raw', () => {
  it('explains an editor that deletes its file', async () => {
    const rm = await editor('rm', 'fs.rmSync(file);');
    expectOneError(
      await strata(['env', 'edit', 'app', '--editor', rm]),
      1,
      'the editor removed the file it was editing; nothing was stored',
    );
  });

  it('sets a !!binary value as written, as env init stores it', async () => {
    await ok(['env', 'set', 'app', 'bin', '!!binary aGVsbG8=']);
    expect(await ok(['env', 'get', 'app', '--definition'])).toContain('bin: !!binary aGVsbG8=\n');
    expect(await ok(['env', 'get', 'app', 'bin', '--value', 'string'])).toBe('aGVsbG8=\n');
    // Another change keeps it as written, a long one too (not re-encoded, not folded).
    const long = Buffer.alloc(300, 7).toString('base64');
    await ok(['env', 'set', 'app', 'long', `!!binary ${long}`]);
    await ok(['env', 'set', 'app', 'nested', '{k: !!binary aGVsbG8=}']);
    const definition = await ok(['env', 'get', 'app', '--definition']);
    expect(definition).toContain('bin: !!binary aGVsbG8=\n');
    expect(definition).toContain(`long: !!binary ${long}\n`);
    expect(definition).toContain('  k: !!binary aGVsbG8=\n');
    expect(await ok(['env', 'get', 'app', 'bin'])).toContain('!!binary aGVsbG8=');
    await ok(['env', 'set', 'app', 'secretbin', '!!binary aGVsbG8=', '--secret']);
    expect(
      await ok(['env', 'get', 'app', 'secretbin', '--value', 'string', '--show-secrets']),
    ).toBe('aGVsbG8=\n');
  });
});
