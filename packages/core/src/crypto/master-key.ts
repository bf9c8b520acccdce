import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MasterKeyError } from '../errors.js';
import { resolveDataDir } from '../store/resolve-data-dir.js';
import { openAesGcm, sealAesGcm } from './_aes-gcm.js';

/** What a wrapped data key is bound to: it opens only for the same org and data key id. */
export interface WrapContext {
  readonly org: string;
  /** The data key's id (`dk-...`). */
  readonly keyId: string;
}

/**
 * The key that wraps every org's data keys: raw bytes held here (a key file, `STRATA_MASTER_KEY`)
 * or a key that never leaves a key service (`awskms://...`, from `@strata/providers-aws/kms`).
 */
export interface MasterKey {
  /** A fingerprint (not secret) recorded next to each wrapped data key. */
  readonly id: string;
  /** Where the key comes from, for messages and `strata keys status` (never secret). */
  readonly source: string;
  /** Wraps a data key for `context`; the result (base64) is what the keyring stores. */
  wrap(dataKey: Uint8Array, context: WrapContext): Promise<string>;
  /**
   * Unwraps what `wrap` returned for the same context. Rejects with a `MasterKeyError` when the key
   * cannot be used at all (access denied, unreachable, disabled), with any other error when the
   * wrapped key does not open under this key and context (another key wrapped it, or another org).
   */
  unwrap(wrapped: string, context: WrapContext): Promise<Uint8Array>;
  /** Facts about the key worth showing (`strata keys status`), read from where it lives. */
  describe?(): Promise<Readonly<Record<string, string>>>;
}

/** A master key whose 32 bytes are held in memory (key file or `STRATA_MASTER_KEY`). */
export interface LocalMasterKey extends MasterKey {
  readonly key: Uint8Array;
}

/**
 * Opens a master key given as a URL whose scheme a host registered (`awskms://...`). The host
 * passes these to `loadMasterKey`, so core never loads a key service's SDK.
 */
export type MasterKeySource = (
  url: string,
  env: Readonly<Record<string, string | undefined>>,
) => MasterKey | Promise<MasterKey>;

/** Master key sources by URL scheme (without the `:`), e.g. `{ awskms: ... }`. */
export type MasterKeySources = Readonly<Record<string, MasterKeySource>>;

export const MASTER_KEY_ENV = 'STRATA_MASTER_KEY';
const KEY_BYTES = 32;

/** The associated data a local master key seals a data key with. */
export function wrapAad(org: string, keyId: string): Buffer {
  return Buffer.from(`strata data key\0${org}\0${keyId}`, 'utf8');
}

class BytesMasterKey implements LocalMasterKey {
  readonly id: string;
  readonly key: Uint8Array;
  constructor(
    key: Uint8Array,
    readonly source: string,
  ) {
    this.key = new Uint8Array(key);
    this.id = `mk-${createHash('sha256').update('strata master key').update(key).digest('hex').slice(0, 16)}`;
  }
  wrap(dataKey: Uint8Array, context: WrapContext): Promise<string> {
    return Promise.resolve(
      sealAesGcm(this.key, dataKey, wrapAad(context.org, context.keyId)).toString('base64'),
    );
  }
  unwrap(wrapped: string, context: WrapContext): Promise<Uint8Array> {
    try {
      return Promise.resolve(
        openAesGcm(this.key, Buffer.from(wrapped, 'base64'), wrapAad(context.org, context.keyId)),
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** `mk-0123... (key file /x)`, or the URL alone when it is the id (a key service's key). */
export function describeMasterKey(key: MasterKey): string {
  return key.id === key.source ? key.id : `${key.id} (${key.source})`;
}

/** Builds a master key from its 32 raw bytes; `source` says where they came from. */
export function createMasterKey(key: Uint8Array, source = 'given in code'): LocalMasterKey {
  if (key.length !== KEY_BYTES)
    throw new MasterKeyError(`a master key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return new BytesMasterKey(key, source);
}

/** Parses a master key written as base64 (44 characters) or hex (64 characters). */
export function parseMasterKey(text: string, source = 'master key'): LocalMasterKey {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  if (bytes?.length !== KEY_BYTES) {
    throw new MasterKeyError(`${source} is not a 32-byte key in base64 or hex`);
  }
  return createMasterKey(bytes, source);
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
  /** Sources for master keys given as URLs of other schemes (`awskms://...`). */
  readonly sources?: MasterKeySources;
}

/**
 * Loads the master key: `STRATA_MASTER_KEY` if set (see `openMasterKey` for what it may hold),
 * else the key file, which is created with mode 0600 on first use. Like ssh with private keys, a
 * key file that group or others can access is refused.
 */
export async function loadMasterKey(options: LoadMasterKeyOptions = {}): Promise<MasterKey> {
  const env = options.env ?? process.env;
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '')
    return openMasterKey(fromEnv, { env, label: MASTER_KEY_ENV, ...sourcesOf(options) });
  return readKeyFile(options.keyFile ?? defaultMasterKeyPath(env), true);
}

export interface OpenMasterKeyOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sources?: MasterKeySources;
  /** A `file://` key file that does not exist is created (a fresh key, mode 0600). */
  readonly create?: boolean;
  /** What to call a key given as text in messages (default `master key`). */
  readonly label?: string;
}

/**
 * Opens a master key named by `source`: `file:///path` (a key file), `env:NAME` (the key in the
 * environment variable NAME), a URL of a registered scheme (`awskms://<key>?region=...`), or the
 * key itself (32 bytes in base64 or hex).
 */
export async function openMasterKey(
  source: string,
  options: OpenMasterKeyOptions = {},
): Promise<MasterKey> {
  const env = options.env ?? process.env;
  const text = source.trim();
  if (text.startsWith('env:')) {
    const name = text.slice(4);
    const value = env[name];
    if (value === undefined || value === '')
      throw new MasterKeyError(
        `environment variable ${name} (master key source ${text}) is not set`,
      );
    return parseMasterKey(value, `environment variable ${name}`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return parseMasterKey(text, options.label ?? 'master key');
  if (scheme === 'file') {
    let path: string;
    try {
      path = fileURLToPath(text);
    } catch (error) {
      throw new MasterKeyError(`invalid key file URL ${JSON.stringify(text)}`, { cause: error });
    }
    return readKeyFile(path, options.create === true);
  }
  const open = options.sources?.[scheme];
  if (open === undefined) {
    const known = ['file', 'env', ...Object.keys(options.sources ?? {})].join(', ');
    throw new MasterKeyError(
      `unknown master key source ${scheme}:// (known: ${known}, or the key itself in base64 or hex)`,
    );
  }
  return open(text, env);
}

function sourcesOf(options: LoadMasterKeyOptions): { sources?: MasterKeySources } {
  return options.sources === undefined ? {} : { sources: options.sources };
}

/** Reads a key file, refusing one that group or others can access; creates it when asked. */
async function readKeyFile(path: string, create: boolean): Promise<LocalMasterKey> {
  // Read synchronously: a few bytes, on every command of a CLI whose start-up counts.
  let stats = statIfExists(path);
  if (stats === undefined) {
    if (!create) throw new MasterKeyError(`key file ${path} does not exist`);
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
