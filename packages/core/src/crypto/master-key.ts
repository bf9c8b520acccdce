import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { MasterKeyError } from '../errors.js';
import { resolveDataDir } from '../store/resolve-data-dir.js';

/** The key that wraps every org's data keys. */
export interface MasterKey {
  /** A fingerprint (not secret) recorded next to each wrapped data key. */
  readonly id: string;
  readonly key: Uint8Array;
}

export const MASTER_KEY_ENV = 'STRATA_MASTER_KEY';
const KEY_BYTES = 32;

/** Builds a master key from its 32 raw bytes. */
export function createMasterKey(key: Uint8Array): MasterKey {
  if (key.length !== KEY_BYTES)
    throw new MasterKeyError(`a master key must be ${KEY_BYTES} bytes, got ${key.length}`);
  const id = `mk-${createHash('sha256').update('strata master key').update(key).digest('hex').slice(0, 16)}`;
  return { id, key: new Uint8Array(key) };
}

/** Parses a master key written as base64 (44 characters) or hex (64 characters). */
export function parseMasterKey(text: string, source = 'master key'): MasterKey {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  if (bytes?.length !== KEY_BYTES) {
    throw new MasterKeyError(`${source} is not a 32-byte key in base64 or hex`);
  }
  return createMasterKey(bytes);
}

/** A fresh random master key, encoded as base64 (the key file and `STRATA_MASTER_KEY` format). */
export function generateMasterKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** The default key file: `<data dir>/master.key`. */
export function defaultMasterKeyPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return join(resolveDataDir(env), 'master.key');
}

export interface LoadMasterKeyOptions {
  /** Where `STRATA_MASTER_KEY` and the data directory are read from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The key file; defaults to `defaultMasterKeyPath(env)`. */
  readonly keyFile?: string;
}

/**
 * Loads the master key: `STRATA_MASTER_KEY` if set, else the key file, which is created with mode
 * 0600 on first use. Like ssh with private keys, a key file that group or others can access is
 * refused.
 */
export async function loadMasterKey(options: LoadMasterKeyOptions = {}): Promise<MasterKey> {
  const env = options.env ?? process.env;
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parseMasterKey(fromEnv, MASTER_KEY_ENV);

  const path = options.keyFile ?? defaultMasterKeyPath(env);
  // Read synchronously: a few bytes, on every command of a CLI whose start-up counts.
  let stats = statIfExists(path);
  if (stats === undefined) {
    await createKeyFile(path);
    stats = statSync(path);
  }
  if (process.platform !== 'win32') {
    const mode = stats.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new MasterKeyError(
        `permissions ${mode.toString(8).padStart(4, '0')} for key file ${path} are too open; ` +
          `it must be accessible by its owner only (chmod 600 ${path})`,
      );
    }
  }
  return parseMasterKey(readFileSync(path, 'utf8'), `key file ${path}`);
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MasterKeyError(`cannot read key file ${path}`, { cause: error });
  }
}

async function createKeyFile(path: string): Promise<void> {
  const { chmod, link, mkdir, rm, writeFile } = await import('node:fs/promises');
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Written aside and hard-linked into place, so no process ever reads a half-written key and
  // of two processes creating it at once, the first link wins and both use its key.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${generateMasterKeyText()}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(temp, 0o600);
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new MasterKeyError(`cannot create key file ${path}`, { cause: error });
    }
  } finally {
    await rm(temp, { force: true });
  }
}
