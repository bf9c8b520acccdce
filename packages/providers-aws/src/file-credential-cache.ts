import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod/mini';
import { en } from 'zod/locales';
import type { Decrypter, Encrypter } from '@strata/core';
import {
  credentialCacheKeyString,
  isReusable,
  type AwsCredentials,
  type CredentialCache,
} from './credential-cache.js';

export interface FileCredentialCacheOptions {
  /** A directory private to the user (created 0700). */
  readonly dir: string;
  /** Encrypts entries at rest, e.g. core's `keyring.encrypter(env)`. */
  readonly encrypter: Encrypter;
  readonly decrypter: Decrypter;
  readonly now?: () => Date;
}

// zod/mini loads no locale; parses pass the English messages (never z.config: a library).
const messages = { error: en().localeError };

const entrySchema = z.object({
  key: z.string(),
  credentials: z.object({
    accessKeyId: z.string(),
    secretAccessKey: z.string(),
    sessionToken: z.string(),
    expiration: z.string(),
  }),
});

/**
 * Credentials cached across processes, one encrypted file per key (named by a hash of the key,
 * so the file name reveals nothing). Unreadable, undecryptable or expired entries are misses and
 * are removed; a failed write only loses the reuse.
 */
export function createFileCredentialCache(options: FileCredentialCacheOptions): CredentialCache {
  const now = options.now ?? (() => new Date());
  const pathOf = (id: string) =>
    join(options.dir, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.cred`);

  return {
    async get(key) {
      const id = credentialCacheKeyString(key);
      const path = pathOf(id);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        return undefined;
      }
      try {
        const plain = await options.decrypter.decrypt(bytes);
        const entry = entrySchema.parse(JSON.parse(Buffer.from(plain).toString('utf8')), messages);
        // The hash could collide in theory; the stored key settles it.
        if (entry.key === id && isReusable(entry.credentials, now())) return entry.credentials;
      } catch {
        // fall through: a corrupt or foreign entry is a miss
      }
      await rm(path, { force: true });
      return undefined;
    },

    async put(key, credentials: AwsCredentials) {
      const id = credentialCacheKeyString(key);
      const plain = Buffer.from(JSON.stringify({ key: id, credentials }), 'utf8');
      const sealed = await options.encrypter.encrypt(plain);
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      const path = pathOf(id);
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, sealed, { mode: 0o600 });
      await rename(temp, path);
    },
  };
}

/** Removes every cached entry in `dir` (e.g. `strata logout`-style clean-ups). */
export async function clearFileCredentialCache(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names.filter((n) => n.endsWith('.cred')).map((n) => rm(join(dir, n), { force: true })),
  );
}
