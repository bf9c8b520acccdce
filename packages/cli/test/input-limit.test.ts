// Definitions are read with a size limit (1 MiB unless --max-definition-size says otherwise):
// files, stdin, the editor's file and argv alike, without ever buffering an endless input.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, makeSandbox, runBinary, type Result } from './_helpers.js';

const MiB = 1024 * 1024;

let env: Record<string, string>;
let dir: string;
let cleanup: () => Promise<void>;

const strata = (args: string[], stdin = ''): Promise<Result> => runBinary(args, env, stdin, dir);

/** Two lines, `error: ...` and `hint: ...`, and nothing else. */
function expectOneError(r: Result, code: number, error: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.code).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(error);
  expect(lines[1]).toMatch(/^hint: /);
}

/**
 * Spawns the binary with `stdin` as its standard input (a file path), with a preload that
 * records the process's peak memory when it exits. Killed after `boundMs`; resolves with the exit
 * status and the peak RSS in KiB (undefined when it did not exit by itself, e.g. an abort).
 */
async function measured(
  args: string[],
  stdin: string | undefined,
  boundMs: number,
): Promise<Result & { maxRssKiB: number | undefined; killed: boolean }> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const preload = join(dir, 'record-rss.cjs');
  await writeFile(
    preload,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
  );
  const input = stdin === undefined ? 'ignore' : openSync(stdin, 'r');
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', preload, BIN, ...args], {
        env: { ...env, RSS_FILE: rssFile },
        cwd: dir,
        stdio: [input, 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, boundMs);
      child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const maxRssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
        resolve({ code: code ?? -1, stdout, stderr, maxRssKiB, killed });
      });
    });
  } finally {
    if (typeof input === 'number') closeSync(input);
  }
}

beforeAll(async () => {
  await ensureBuilt();
  const sandbox = await makeSandbox();
  dir = sandbox.dir;
  cleanup = sandbox.cleanup;
  env = { ...sandbox.env, STRATA_BACKEND: `sqlite://${join(dir, 's.db')}`, NO_COLOR: '1' };
}, 120_000);

afterAll(() => cleanup());

describe.runIf(existsSync('/dev/zero'))('an endless input', () => {
  // A bound, not a benchmark: the refusal takes a fraction of a second and a few tens of MB;
  // reading /dev/zero whole ran for 18 s and ended in V8's out-of-memory abort.
  it.each([
    ['-f /dev/zero', ['env', 'init', 'zero1', '-f', '/dev/zero'], undefined, '/dev/zero'],
    ['-f - from /dev/zero', ['env', 'init', 'zero2', '-f', '-'], '/dev/zero', 'stdin'],
    [
      'env set -f /dev/zero',
      ['env', 'set', 'zero3', 'k', '-f', '/dev/zero'],
      undefined,
      '/dev/zero',
    ],
  ])('%s is refused at once, in bounded memory', async (_, args, stdin, shown) => {
    const r = await measured(args, stdin, 10_000);
    expect(r.killed).toBe(false);
    expectOneError(
      r,
      8,
      new RegExp(`^error: ${shown} is larger than the definition size limit of 1 MiB`),
    );
    expect(r.maxRssKiB).toBeDefined();
    expect(r.maxRssKiB!).toBeLessThan(300 * 1024);
  });
});

describe('the definition size limit', () => {
  it('refuses a file over 1 MiB, and takes it with --max-definition-size', async () => {
    const file = join(dir, 'big.yaml');
    await writeFile(file, `values:\n  v: ${'x'.repeat(2 * MiB)}\n`);
    expectOneError(
      await strata(['env', 'init', 'big', '-f', file]),
      8,
      /^error: .*big\.yaml is larger than the definition size limit of 1 MiB; nothing was stored$/,
    );
    expect((await strata(['env', 'ls'])).stdout).toBe('');
    const ok = await strata(['env', 'init', 'big', '-f', file, '--max-definition-size', '3MiB']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('refuses stdin over the limit, counting bytes', async () => {
    expectOneError(
      await strata(
        ['env', 'init', 'small', '-f', '-', '--max-definition-size', '16'],
        'é'.repeat(9),
      ),
      8,
      /^error: stdin is larger than the definition size limit of 16 bytes/,
    );
  });

  it('refuses a value on the command line over the limit', async () => {
    await strata(['env', 'init', 'argv']);
    expectOneError(
      await strata(['env', 'set', 'argv', 'k', 'y'.repeat(2048), '--max-definition-size', '1K']),
      8,
      /^error: the value is larger than the definition size limit of 1 KiB/,
    );
  });

  it("applies core's limit to the definition a change produces", async () => {
    await strata(['env', 'init', 'grow', '-f', '-'], `values:\n  a: ${'a'.repeat(100)}\n`);
    // The value fits the limit; the definition it makes does not: the service refuses it.
    expectOneError(
      await strata(['env', 'set', 'grow', 'b', 'b'.repeat(100), '--max-definition-size', '200']),
      8,
      /^error: the definition of default\/default\/grow is \d+ bytes, more than the limit of 200 bytes; nothing was stored$/,
    );
    const def = await strata(['env', 'get', 'grow', '--definition']);
    expect(def.stdout).not.toContain('bbb');
  });

  it('refuses an edited definition over the limit', async () => {
    await strata(['env', 'init', 'edited']);
    const editor = join(dir, 'grow-editor.cjs');
    await writeFile(
      editor,
      "require('node:fs').writeFileSync(process.argv[2], 'values:\\n  v: ' + 'z'.repeat(3000) + '\\n');\n",
    );
    expectOneError(
      await strata([
        'env',
        'edit',
        'edited',
        '--editor',
        `node ${editor}`,
        '--max-definition-size',
        '2K',
      ]),
      8,
      /^error: the edited definition is larger than the definition size limit of 2 KiB/,
    );
  });

  it.each(['0', '-1', 'ten', '2T', '2GiB', '1.5M'])(
    'refuses --max-definition-size %s',
    async (v) => {
      expectOneError(
        await strata(['env', 'init', 'never', `--max-definition-size=${v}`]),
        2,
        /^error: invalid value .* for --max-definition-size$/,
      );
    },
  );
});
