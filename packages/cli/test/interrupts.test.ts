// No plaintext left on disk by an interrupted command: `env edit` removes its file on INT, TERM,
// HUP and QUIT; `run` outlives its command on all four and removes the `files:`; what a process
// killed outright leaves is swept by the next run or edit.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, makeSandbox, runBinary } from './_helpers.js';

const SECRET = 'plaintext-secret-on-disk';
const DEFINITION = `values:
  password:
    fn::secret: ${SECRET}
  files:
    SECRET_FILE: \${password}
`;

let env: Record<string, string>;
let dir: string;
let tmp: string;
let root: string;
let cleanup: () => Promise<void>;
const strays: number[] = [];

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the binary; `ready` is polled until it returns a value, then `signal` is sent. */
function interrupt<T>(
  args: string[],
  ready: (stdout: string) => T | undefined,
  signal: NodeJS.Signals,
  extra: Record<string, string> = {},
): Promise<Exit & { seen: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...env, ...extra },
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let seen: T | undefined;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const poll = setInterval(() => {
      if (seen !== undefined) return;
      seen = ready(stdout);
      if (seen !== undefined) child.kill(signal);
    }, 20);
    const limit = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      clearTimeout(limit);
      if (seen === undefined) reject(new Error(`never ready: ${stderr}`));
      else resolve({ code, signal: sig, stdout, stderr, seen });
    });
  });
}

/** Everything under Strata's private temp dir. */
const leftovers = (): string[] => (existsSync(root) ? readdirSync(root) : []);

beforeAll(async () => {
  await ensureBuilt();
  const sandbox = await makeSandbox();
  dir = sandbox.dir;
  cleanup = sandbox.cleanup;
  tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  root = join(tmp, `strata-${process.getuid?.() ?? 0}`);
  env = {
    ...sandbox.env,
    TMPDIR: tmp,
    STRATA_BACKEND: `sqlite://${join(dir, 's.db')}`,
    NO_COLOR: '1',
  };
  const file = join(dir, 'app.yaml');
  await writeFile(file, DEFINITION);
  const r = await runBinary(['env', 'init', 'app', '-f', file], env, '', dir);
  expect(r.stderr).toBe('');
  // An editor that reports the file it was given and its own pid, then waits.
  await writeFile(
    join(dir, 'editor.cjs'),
    `const fs = require('node:fs');
     fs.writeFileSync(process.env.EDITOR_MARKER, JSON.stringify({ file: process.argv[2], pid: process.pid,
       content: fs.readFileSync(process.argv[2], 'utf8') }));
     setTimeout(() => {}, 15000);\n`,
  );
}, 120_000);

afterAll(async () => {
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await cleanup();
});

describe.skipIf(process.platform === 'win32')('interrupted commands leave no plaintext', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const)(
    'env edit --show-secrets removes its file on %s and ends as the signal would',
    async (signal) => {
      const marker = join(dir, `marker-${signal}`);
      const result = await interrupt(
        ['env', 'edit', 'app', '--show-secrets', '--editor', `node ${join(dir, 'editor.cjs')}`],
        () => {
          if (!existsSync(marker)) return undefined;
          try {
            return JSON.parse(readFileSync(marker, 'utf8')) as {
              file: string;
              pid: number;
              content: string;
            };
          } catch {
            return undefined; // Being written.
          }
        },
        signal,
        { EDITOR_MARKER: marker },
      );
      strays.push(result.seen.pid);
      // The file held the plaintext, in a directory named after the strata process.
      expect(result.seen.content).toContain(SECRET);
      expect(result.seen.file).toMatch(new RegExp(`^${root}/edit-[0-9]+-[^/]+/app\\.yaml$`));
      expect(existsSync(result.seen.file)).toBe(false);
      expect(leftovers()).toEqual([]);
      if (signal === 'SIGQUIT') expect(result).toMatchObject({ code: 131, signal: null });
      else expect(result).toMatchObject({ code: null, signal });
      // The editor was told too.
      await waitUntil(() => !isRunning(result.seen.pid));
      // Nothing was stored.
      const history = await runBinary(['env', 'version', 'history', 'app'], env, '', dir);
      expect(history.stdout.match(/^revision /gm)).toHaveLength(1);
    },
  );

  it.each(['SIGQUIT', 'SIGINT', 'SIGHUP'] as const)(
    'run passes %s on and removes the files once the command ends',
    async (signal) => {
      const script = `
        process.on('${signal}', () => { console.log('child got ${signal}'); process.exit(5); });
        console.log('ready ' + process.env.SECRET_FILE);
        setTimeout(() => process.exit(9), 15000);
      `;
      const result = await interrupt(
        ['run', 'app', '--', 'node', '-e', script],
        (stdout) => /^ready (.+)\n/.exec(stdout)?.[1],
        signal,
      );
      expect(result.seen).toMatch(new RegExp(`^${root}/run-[0-9]+-[^/]+/`));
      expect(result.stdout).toContain(`child got ${signal}`);
      expect(result.code).toBe(5);
      expect(existsSync(result.seen)).toBe(false);
      expect(leftovers()).toEqual([]);
    },
  );

  it('sweeps what killed processes left, and only that', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(isRunning(dead)).toBe(false);
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const stale = [`run-${dead}-abcdef`, `edit-${dead}-ghijkl`];
    for (const name of stale) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'secret'), SECRET, { mode: 0o600 });
    }
    const live = `run-${process.pid}-mnopqr`; // this test's own process: still running
    mkdirSync(join(root, live));
    writeFileSync(join(root, 'unrelated'), '');
    const r = await runBinary(['run', 'app', '--', 'node', '-e', ''], env, '', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(leftovers().sort()).toEqual([live, 'unrelated']);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
}
