import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The environment a benchmarked `strata` runs in: everything it writes (config, data, caches, its
 * SQLite store) under `dir`, a fresh master key, and nothing of the user's own setup.
 */
export function cliSandboxEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    STRATA_BACKEND: `sqlite://${join(dir, 's.db')}`,
    STRATA_MASTER_KEY: randomBytes(32).toString('base64'),
  };
}
