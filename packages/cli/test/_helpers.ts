import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli-io.js';
import { run } from '../src/main.js';

export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'strata.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A private HOME / XDG tree and master key, so tests never touch the user's files. */
export async function makeSandbox(): Promise<{
  dir: string;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-cli-test-'));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    STRATA_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  return { dir, env, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** Runs the CLI in-process. */
export async function runInProcess(
  argv: string[],
  env: Record<string, string>,
  stdin = '',
  cwd = process.cwd(),
): Promise<Result> {
  const stdout = new Capture();
  const stderr = new Capture();
  const input = new PassThrough();
  input.end(stdin);
  const io: CliIo = { stdin: input, stdout, stderr, env, cwd };
  const code = await run(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Spawns the built binary. */
export function runBinary(
  argv: string[],
  env: Record<string, string>,
  stdin = '',
  cwd = process.cwd(),
): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env,
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Builds dist/ when a source file is newer than the bundle the binary runs (the repo's test command builds first). */
export async function ensureBuilt(): Promise<void> {
  const { readdir, stat } = await import('node:fs/promises');
  const { execFileSync } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const root = resolve(dirname(BIN), '..');
  const newest = async (dir: string): Promise<number> => {
    let max = 0;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      max = Math.max(max, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
    }
    return max;
  };
  const built = await stat(join(root, 'dist', 'bundle', 'strata.cjs')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built >= (await newest(join(root, 'src')))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
}
