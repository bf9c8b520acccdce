// The bounds of issue #9, on the real binary: definitions built to exhaust memory or time (values
// that double at every level, as strings and as lists, 20,000 YAML aliases, an endless input) each
// end with a clear error and little memory (how fast is pnpm bench's business; the test timeout
// only catches a hang). Each run's peak memory comes from a preload
// script that reports the process's own maxRSS as it exits.

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, makeSandbox, type Result } from './_helpers.js';

let env: Record<string, string>;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await ensureBuilt();
  const sandbox = await makeSandbox();
  dir = sandbox.dir;
  cleanup = sandbox.cleanup;
  env = { ...sandbox.env, STRATA_BACKEND: `sqlite://${join(dir, 's.db')}`, NO_COLOR: '1' };
  await writeFile(
    join(dir, 'report-rss.cjs'),
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
  );
}, 120_000);

afterAll(() => cleanup());

interface Measured extends Result {
  peakMb: number;
}

/** Runs `strata ARGS` with the RSS reporter preloaded. */
function measure(args: string[], name: string): Promise<Measured> {
  const rssFile = join(dir, `${name}.rss`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', join(dir, 'report-rss.cjs'), BIN, ...args],
      { env: { ...env, RSS_FILE: rssFile }, cwd: dir },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      readFile(rssFile, 'utf8').then(
        (kb) => resolve({ code: code ?? -1, stdout, stderr, peakMb: Number(kb) / 1024 }),
        reject,
      );
    });
  });
}

async function definition(name: string, text: string): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, text);
  return file;
}

const levels = (count: number, line: (i: number) => string): string =>
  Array.from({ length: count }, (_, i) => line(i + 1)).join('');

describe('inputs built to exhaust the CLI', () => {
  it('refuses strings that double at every level (the 530-byte definition)', async () => {
    const file = await definition(
      'doubling',
      `values:\n  s0: abcdefghij\n${levels(25, (i) => `  s${i}: "\${s${i - 1}}\${s${i - 1}}"\n`)}`,
    );
    expect((await readFile(file)).length).toBeLessThan(700);
    const r = await measure(['env', 'init', 'bounds/doubling', '-f', file], 'doubling');
    expect(r.stderr).toContain('error: string too long: more than 4194304 characters');
    expect(r.stderr).toContain('nothing was created');
    expect(r.code).not.toBe(0);
    expect(r.peakMb).toBeLessThan(300);
  });

  it('refuses lists that double at every level', async () => {
    const file = await definition(
      'lists',
      `values:\n  l0: [a, b]\n${levels(25, (i) => `  l${i}: ["\${l${i - 1}}", "\${l${i - 1}}"]\n`)}`,
    );
    const r = await measure(['env', 'init', 'bounds/lists', '-f', file], 'lists');
    expect(r.stderr).toContain(
      'error: evaluation stopped: the environment builds more than 200000 values',
    );
    expect(r.stderr).toContain('nothing was created');
    expect(r.code).not.toBe(0);
    expect(r.peakMb).toBeLessThan(300);
  });

  it('shows the first of 20,000 alias errors and counts the rest', async () => {
    const aliases = levels(20_000, (i) => `  b${i}: *x\n`);
    const file = await definition('aliases', `values:\n  a: &x {k: v}\n${aliases}`);
    const r = await measure(['env', 'init', 'bounds/aliases', '-f', file], 'aliases');
    expect(r.stderr).toContain('error: alias nodes are not supported');
    expect(r.stderr).toContain('... and 19950 more errors not shown; fix the ones above first\n');
    expect(r.stderr.length).toBeLessThan(20_000);
    expect(r.code).not.toBe(0);
    expect(r.peakMb).toBeLessThan(300);
  });

  it('stops reading an endless input at the size limit', async () => {
    const r = await measure(['env', 'init', 'bounds/zero', '-f', '/dev/zero'], 'zero');
    expect(r.stderr).toMatch(/^error: .*(larger than|limit)/m);
    expect(r.stderr.split('\n').length).toBeLessThanOrEqual(3);
    expect(r.code).not.toBe(0);
    expect(r.peakMb).toBeLessThan(300);
  });
});
