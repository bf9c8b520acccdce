// Synchronous: a small file, read by nearly every command, and node:fs/promises costs start-up.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';

/** What `strata login` remembers. */
export interface CliConfig {
  /** The backend URL; absent means the default SQLite file. */
  readonly backend?: string;
  /** The user name recorded on revisions and audit events; absent means the OS user. */
  readonly user?: string;
  /** The access token for a server backend (`https://...`). The file is readable by its owner only. */
  readonly token?: string;
  /** The organization a server backend logged in to (refs that name none are in it). */
  readonly org?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `$XDG_CONFIG_HOME/strata/config.json`, else `~/.config/strata/config.json`. */
export function configPath(env: Env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'strata', 'config.json');
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return join(home, '.config', 'strata', 'config.json');
}

export function readConfig(env: Env): Promise<CliConfig> {
  return Promise.resolve().then(() => readConfigNow(env));
}

function readConfigNow(env: Env): CliConfig {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read ${path}`, 'check its permissions', EXIT.ERROR, {
      cause: error,
    });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
    const record = parsed as Record<string, unknown>;
    return {
      ...(typeof record['backend'] === 'string' ? { backend: record['backend'] } : {}),
      ...(typeof record['user'] === 'string' ? { user: record['user'] } : {}),
      ...(typeof record['token'] === 'string' ? { token: record['token'] } : {}),
      ...(typeof record['org'] === 'string' ? { org: record['org'] } : {}),
    };
  } catch {
    throw new CliError(`${path} is not valid JSON`, 'fix it or run strata logout', EXIT.ERROR);
  }
}

/** Writes the config atomically (temp file + rename), readable by its owner only. */
export function writeConfig(env: Env, config: CliConfig): Promise<void> {
  return Promise.resolve().then(() => {
    const path = configPath(env);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (Object.values(config).every((v) => v === undefined)) {
      rmSync(path, { force: true });
      return;
    }
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    renameSync(temp, path);
  });
}
