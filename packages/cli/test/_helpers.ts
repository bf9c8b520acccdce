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

/**
 * Builds the bundle the binary runs when a source file of the CLI or of a package it bundles is newer
 * (the repo's test command builds first; this is for test runs during development). Test files run
 * in parallel processes: one builds while the others wait on a lock directory.
 */
export async function ensureBuilt(): Promise<void> {
  const { mkdir, readdir, readFile, rm, stat } = await import('node:fs/promises');
  const cli = resolve(dirname(BIN), '..');
  const packages = resolve(cli, '..');
  const newest = async (dir: string): Promise<number> => {
    let max = 0;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      max = Math.max(max, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
    }
    return max;
  };
  // The bundle holds the CLI and every workspace package it depends on, transitively.
  const sources: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    if (sources.includes(dir)) return;
    sources.push(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
      if (version.startsWith('workspace:'))
        await visit(join(packages, name.replace(/^@strata\//, '')));
    }
  };
  await visit(cli);
  const isStale = async (): Promise<boolean> => {
    const built = await stat(join(cli, 'dist', 'bundle', 'strata.cjs')).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    for (const dir of sources) if (built < (await newest(join(dir, 'src')))) return true;
    return false;
  };
  if (!(await isStale())) return;
  const lock = join(cli, '.build-lock');
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after ten minutes.
      const age =
        Date.now() -
        (await stat(lock).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if (age > 600_000) await rm(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (await isStale()) await build();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function build(): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const packages = resolve(dirname(BIN), '..', '..');
  // turbo builds the CLI after the packages it bundles, and skips those that did not change.
  execFileSync(
    process.execPath,
    [
      join(packages, '..', 'node_modules', 'turbo', 'bin', 'turbo'),
      'run',
      'build',
      '--filter=@strata/cli...',
      '--output-logs=errors-only',
    ],
    {
      cwd: join(packages, '..'),
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
}
