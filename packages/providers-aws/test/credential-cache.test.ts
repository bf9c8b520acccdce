import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decrypter, Encrypter } from '@strata/core';
import {
  createAwsProviders,
  createFileCredentialCache,
  createMemoryCredentialCache,
  issuerTokenSource,
  parseDuration,
  type AwsCredentials,
  type CredentialCacheKey,
} from '../src/index.js';
import { CONTEXT, ROLE_ARN, startWorld } from './_fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An encrypter/decrypter pair with the shape of core's keyring (AES-256-GCM). */
function testCipher(): Encrypter & Decrypter {
  const key = randomBytes(32);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Promise.resolve(Buffer.concat([iv, c.getAuthTag(), body]));
    },
    decrypt(sealed) {
      const b = Buffer.from(sealed);
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Promise.resolve(Buffer.concat([d.update(b.subarray(28)), d.final()]));
    },
  };
}

const KEY: CredentialCacheKey = {
  roleArn: ROLE_ARN,
  sessionName: 's',
  subject: 'strata:org/acme:env/app/dev',
  policyArns: ['b', 'a'],
  durationSeconds: 3600,
};
const creds = (minutesLeft: number, now: Date): AwsCredentials => ({
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: 'secret-value',
  sessionToken: 'session-token',
  expiration: new Date(now.getTime() + minutesLeft * 60_000).toISOString(),
});

describe.each([
  ['memory', (now: () => Date) => createMemoryCredentialCache({ now })],
  [
    'file',
    (now: () => Date) => {
      const cipher = testCipher();
      return createFileCredentialCache({
        dir: join(dir, 'cache'),
        encrypter: cipher,
        decrypter: cipher,
        now,
      });
    },
  ],
])('%s credential cache', (_name, make) => {
  it('reuses an entry until five minutes before it expires', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const cache = make(() => now);
    const entry = creds(60, now);
    await cache.put(KEY, entry);
    expect(await cache.get(KEY)).toEqual(entry);
    // Policy order does not matter; any other field does.
    expect(await cache.get({ ...KEY, policyArns: ['a', 'b'] })).toEqual(entry);
    expect(await cache.get({ ...KEY, subject: 'strata:org/acme:env/app/prod' })).toBeUndefined();
    now = new Date(now.getTime() + 54 * 60_000);
    expect(await cache.get(KEY)).toEqual(entry);
    now = new Date(now.getTime() + 60_000);
    expect(await cache.get(KEY)).toBeUndefined();
  });
});

describe('file credential cache', () => {
  it('stores entries encrypted, 0600, and treats undecryptable ones as misses', async () => {
    const cipher = testCipher();
    const cacheDir = join(dir, 'cache');
    const cache = createFileCredentialCache({
      dir: cacheDir,
      encrypter: cipher,
      decrypter: cipher,
    });
    await cache.put(KEY, creds(60, new Date()));
    const [name] = await readdir(cacheDir);
    const path = join(cacheDir, name!);
    const bytes = await readFile(path);
    expect(bytes.toString('latin1')).not.toMatch(/secret-value|ASIAEXAMPLE|session-token/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const other = testCipher();
    const foreign = createFileCredentialCache({
      dir: cacheDir,
      encrypter: other,
      decrypter: other,
    });
    expect(await foreign.get(KEY)).toBeUndefined();
    await cache.put(KEY, creds(60, new Date()));
    await writeFile(path, 'garbage');
    expect(await cache.get(KEY)).toBeUndefined();
  });

  it('lets a second process reuse credentials: one STS call for two registries', async () => {
    const world = await startWorld();
    try {
      const cipher = testCipher();
      const registry = () =>
        createAwsProviders({
          tokenSource: issuerTokenSource(world.issuer),
          endpoint: world.sts.endpoint,
          cache: createFileCredentialCache({
            dir: join(dir, 'cache'),
            encrypter: cipher,
            decrypter: cipher,
          }),
        });
      const inputs = { oidc: { roleArn: ROLE_ARN, sessionName: 'run' } };
      const a = await (
        await registry().loadProvider('aws-login')
      ).open(inputs, CONTEXT, { markedInputs: null });
      const b = await (
        await registry().loadProvider('aws-login')
      ).open(inputs, CONTEXT, { markedInputs: null });
      expect(b).toEqual(a);
      expect(world.sts.calls).toBe(1);
    } finally {
      await world.close();
    }
  });
});

describe('parseDuration', () => {
  it.each([
    ['1h', 3600],
    ['90m', 5400],
    ['1h30m', 5400],
    ['900s', 900],
    ['1.5h', 5400],
    ['2h0m30s', 7230],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'h', '1d', '10', '1ms', 'soon'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });
});
