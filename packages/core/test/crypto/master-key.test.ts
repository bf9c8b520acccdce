import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMasterKey,
  defaultMasterKeyPath,
  loadMasterKey,
  parseMasterKey,
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
    expect(parseMasterKey(text)).toEqual(createMasterKey(bytes));
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
