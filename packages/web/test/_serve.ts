// `strata serve` for the console's tests: the built binary (which serves @strata/web's dist) on
// loopback, over a fresh SQLite store with a fresh master key, its admin created.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI's binary in this repository (the console is served by it, from its build). */
const BIN = fileURLToPath(new URL('../../cli/bin/strata.js', import.meta.url));

export interface Served {
  readonly url: string;
  /** The admin's token, as `--init-admin` printed it. */
  readonly adminToken: string;
  /** Everything the server logged (one JSON line per request). */
  log(): string;
  stop(): Promise<void>;
}

export async function serve(org: string, admin: string): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-web-test-'));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    STRATA_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--backend',
      `sqlite://${join(dir, 'strata.db')}`,
      '--init-admin',
      admin,
      '--org',
      org,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (https?:\/\/\S+)/.exec(stderr);
      if (match !== null) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`strata serve exited (${code}): ${stderr}`)));
  });
  const adminToken = /strata_p_\S+/.exec(stdout)?.[0];
  if (adminToken === undefined) throw new Error(`no admin token in: ${stdout}`);
  return {
    url,
    adminToken,
    log: () => stdout,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
