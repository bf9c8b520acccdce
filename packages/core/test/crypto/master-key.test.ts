import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMasterKey,
  defaultMasterKeyPath,
  loadMasterKey,
  openMasterKey,
  parseMasterKey,
  type MasterKey,
} from '../../src/crypto/master-key.js';
import { MasterKeyError } from '../../src/errors.js';

let dir: string;
const posix = process.platform !== 'win32';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-key-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('master key', () => {
  const bytes = new Uint8Array(32).map((_, i) => i);

  it.each([
    ['base64', Buffer.from(bytes).toString('base64')],
    ['hex', Buffer.from(bytes).toString('hex')],
    ['base64 with a newline', `${Buffer.from(bytes).toString('base64')}\n`],
  ])('parses %s', (_, text) => {
    expect(parseMasterKey(text).id).toBe(createMasterKey(bytes).id);
  });

  it.each(['', 'short', Buffer.alloc(31).toString('base64'), 'z'.repeat(64)])(
    'refuses %j',
    (text) => {
      expect(() => parseMasterKey(text, 'STRATA_MASTER_KEY')).toThrow(
        new MasterKeyError('STRATA_MASTER_KEY is not a 32-byte key in base64 or hex'),
      );
    },
  );

  it('has a stable id that differs between keys', () => {
    expect(createMasterKey(bytes).id).toBe(createMasterKey(new Uint8Array(bytes)).id);
    expect(createMasterKey(bytes).id).not.toBe(createMasterKey(new Uint8Array(32)).id);
    expect(createMasterKey(bytes).id).toMatch(/^mk-[0-9a-f]{16}$/);
  });

  it('takes STRATA_MASTER_KEY before any key file', async () => {
    const key = await loadMasterKey({
      env: { STRATA_MASTER_KEY: Buffer.from(bytes).toString('hex'), XDG_DATA_HOME: dir },
    });
    expect(key.id).toBe(createMasterKey(bytes).id);
    await expect(stat(defaultMasterKeyPath({ XDG_DATA_HOME: dir }))).rejects.toThrow();
  });

  it.runIf(posix)('creates the key file with mode 0600 on first use and reuses it', async () => {
    const env = { XDG_DATA_HOME: dir };
    const first = await loadMasterKey({ env });
    const path = join(dir, 'strata', 'master.key');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadMasterKey({ env })).id).toBe(first.id);
    expect(parseMasterKey(await readFile(path, 'utf8')).id).toBe(first.id);
  });

  it('processes creating the key file at once agree on one key', async () => {
    const keyFile = join(dir, 'k', 'master.key');
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadMasterKey({ env: {}, keyFile })),
    );
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
  });

  it.runIf(posix).each([0o644, 0o640, 0o604, 0o660])(
    'refuses a key file with mode %o, as ssh does',
    async (mode) => {
      const keyFile = join(dir, 'master.key');
      await writeFile(keyFile, Buffer.from(bytes).toString('base64'));
      await chmod(keyFile, mode);
      await expect(loadMasterKey({ env: {}, keyFile })).rejects.toThrow(
        new MasterKeyError(
          `permissions 0${mode.toString(8)} for key file ${keyFile} are too open; it must be accessible by its owner only (chmod 600 ${keyFile})`,
        ),
      );
    },
  );
});

describe('openMasterKey', () => {
  const bytes = new Uint8Array(32).map((_, i) => 255 - i);
  const text = Buffer.from(bytes).toString('base64');

  it('reads a key file named by a file:// URL, and refuses a missing one unless asked to create it', async () => {
    const keyFile = join(dir, 'k.key');
    const url = `file://${keyFile}`;
    await expect(openMasterKey(url)).rejects.toThrow(
      new MasterKeyError(`key file ${keyFile} does not exist`),
    );
    const created = await openMasterKey(url, { create: true });
    expect(created.source).toBe(`key file ${keyFile}`);
    expect((await openMasterKey(url)).id).toBe(created.id);
  });

  it('reads the key from the variable an env: source names, and says which is missing', async () => {
    const key = await openMasterKey('env:OLD_KEY', { env: { OLD_KEY: text } });
    expect(key.id).toBe(createMasterKey(bytes).id);
    expect(key.source).toBe('environment variable OLD_KEY');
    await expect(openMasterKey('env:NOPE', { env: {} })).rejects.toThrow(
      new MasterKeyError('environment variable NOPE (master key source env:NOPE) is not set'),
    );
  });

  it('hands URLs of a registered scheme to their source, and names the known ones otherwise', async () => {
    const fake: MasterKey = {
      id: 'vault://k',
      source: 'vault://k',
      wrap: () => Promise.resolve(''),
      unwrap: () => Promise.resolve(new Uint8Array(32)),
    };
    const seen: string[] = [];
    const sources = {
      vault: (url: string) => {
        seen.push(url);
        return fake;
      },
    };
    expect(await openMasterKey('vault://k', { sources })).toBe(fake);
    expect(seen).toEqual(['vault://k']);
    await expect(openMasterKey('awskms://alias/x', { sources })).rejects.toThrow(
      'unknown master key source awskms:// (known: file, env, vault, or the key itself in base64 or hex)',
    );
  });

  it('takes a source in STRATA_MASTER_KEY too, and never puts the key in a message', async () => {
    const keyFile = join(dir, 'k.key');
    await writeFile(keyFile, text, { mode: 0o600 });
    const viaEnv = await loadMasterKey({ env: { STRATA_MASTER_KEY: `file://${keyFile}` } });
    expect(viaEnv.id).toBe(createMasterKey(bytes).id);
    const almost = text.slice(0, -2);
    const error = (await loadMasterKey({ env: { STRATA_MASTER_KEY: almost } }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toEqual(
      new MasterKeyError('STRATA_MASTER_KEY is not a 32-byte key in base64 or hex'),
    );
    expect(error.message).not.toContain(almost);
  });
});
