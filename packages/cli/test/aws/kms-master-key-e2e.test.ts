// End to end: the built strata binary with its master key in (fake) AWS KMS. `keys rotate-master`
// moves every org's data keys from a key file to KMS and back, every revision opening throughout,
// and a store opened with the key it left fails with an error that says which key to use.

import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '@strata/core';
import { createSqliteStore } from '@strata/store-sqlite';
import { AwsFault, startFakeKms, staticCredentials, type FakeKms } from '@strata/testkit-aws';
import { makeSandbox, runBinary, type Result } from '../_helpers.js';
import { startServe } from '../_serve.js';

const KMS_KEY = 'awskms://alias/strata?region=eu-central-1';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIASTRATAKMS', AWS_SECRET_ACCESS_KEY: 'kms-e2e-secret' };

let sandbox: Awaited<ReturnType<typeof makeSandbox>>;
let env: Record<string, string>;
let kms: FakeKms;
let keyArn: string;
let fileKey: string;

const strata = (args: string[], extra: Record<string, string> = {}, stdin = ''): Promise<Result> =>
  runBinary(args, { ...env, ...extra }, stdin);
const withFile = () => ({ STRATA_MASTER_KEY: fileKey });
const withKms = () => ({ STRATA_MASTER_KEY: KMS_KEY });

/** Every revision of every environment opens to its secret under the given master key. */
async function expectAllOpen(keyEnv: Record<string, string>): Promise<void> {
  for (const org of ['acme', 'beta'])
    for (const n of [1, 2]) {
      const r = await strata(
        ['env', 'open', `${org}/app/dev@${n}`, 'password', '-f', 'string'],
        keyEnv,
      );
      expect(r.stderr, `${org}@${n}`).toBe('');
      expect(r.stdout).toBe(`${org}-secret-${n}\n`);
    }
}

beforeAll(async () => {
  sandbox = await makeSandbox();
  fileKey = `file://${join(sandbox.dir, 'file.key')}`;
  await writeFile(join(sandbox.dir, 'file.key'), randomBytes(32).toString('base64'), {
    mode: 0o600,
  });
  kms = await startFakeKms({
    region: 'eu-central-1',
    credentials: staticCredentials({
      [CREDENTIALS.AWS_ACCESS_KEY_ID]: CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    }),
  });
  keyArn = kms.createKey({ alias: 'alias/strata' }).arn;
  env = {
    ...sandbox.env,
    ...CREDENTIALS,
    STRATA_BACKEND: `sqlite://${join(sandbox.dir, 'strata.db')}`,
    AWS_ENDPOINT_URL_KMS: kms.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  delete env['STRATA_MASTER_KEY'];
  for (const org of ['acme', 'beta'])
    for (const n of [1, 2]) {
      const definition = `values:\n  password:\n    fn::secret: ${org}-secret-${n}\n`;
      const args =
        n === 1
          ? ['env', 'init', `${org}/app/dev`, '-f', '-']
          : ['env', 'edit', `${org}/app/dev`, '-f', '-'];
      const r = await strata(args, withFile(), definition);
      expect(r.stderr).toBe('');
    }
}, 60_000);

afterAll(async () => {
  await kms?.close();
  await sandbox?.cleanup();
});

describe('a master key in KMS', () => {
  it('rotates from the key file to KMS: every revision opens with KMS, the file key fails clearly', async () => {
    await expectAllOpen(withFile());
    const r = await strata(['keys', 'rotate-master', '--to', KMS_KEY], withFile());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^Rewrapped 2 data key\\(s\\) from mk-[0-9a-f]{16} \\(key file .*file\\.key\\) to ${KMS_KEY.replace(/[?.]/g, '\\$&')}; no revision was rewritten\\.\\n$`,
      ),
    );
    expect(r.stderr).toBe(
      `From now on set STRATA_MASTER_KEY=${KMS_KEY} wherever this store is opened (strata, strata serve).\n`,
    );
    await expectAllOpen(withKms());

    const old = await strata(
      ['env', 'open', 'acme/app/dev', 'password', '-f', 'string'],
      withFile(),
    );
    expect(old.code).toBe(6);
    expect(old.stderr).toMatch(
      new RegExp(
        `wrong master key \\(data key dk-[0-9a-f]+ is wrapped by master key ${KMS_KEY.replace(/[?.]/g, '\\$&')}; this one is mk-[0-9a-f]{16} \\(key file`,
      ),
    );
    const edit = await strata(['env', 'set', 'acme/app/dev', 'token', '--secret', 'x'], withFile());
    expect(edit.code).toBe(6);
    expect(edit.stderr).toContain('cannot encrypt secrets of acme/app/dev: wrong master key');
    expect(edit.stderr).toContain('hint: use the master key these data keys are wrapped with');

    // The data keys went to KMS under contexts naming their orgs.
    const contexts = kms.calls
      .filter((c) => c.operation === 'Encrypt')
      .map((c) => (c.body.EncryptionContext as Record<string, string>)['strata:org']);
    expect(contexts.sort()).toEqual(['acme', 'beta']);
  });

  it('shows the master key and the key each data key is wrapped by', async () => {
    const r = await strata(['keys', 'status', '--output', 'json'], withKms());
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as {
      masterKey: Record<string, string>;
      dataKeys: { org: string; wrappedBy: string; current: boolean }[];
    };
    expect(status.masterKey).toMatchObject({ id: KMS_KEY, 'key ARN': keyArn, state: 'Enabled' });
    expect(status.dataKeys.map((k) => [k.org, k.wrappedBy, k.current])).toEqual([
      ['acme', KMS_KEY, true],
      ['beta', KMS_KEY, true],
    ]);
    const text = await strata(['keys', 'status'], withKms());
    expect(text.stdout).toContain(
      `Master key:  ${KMS_KEY}\n  key ARN:   ${keyArn}\n  state:     Enabled\n`,
    );
    const stale = await strata(['keys', 'status'], withFile());
    expect(stale.code).toBe(0);
    expect(stale.stderr).toContain('warning: 2 data key(s) are wrapped by another master key');
  });

  it('is safe to interrupt: a failed rotation writes nothing, and running it again finishes', async () => {
    const again = await strata(['keys', 'rotate-master', '--to', KMS_KEY], withKms());
    expect(again.stdout).toBe(
      `Nothing to rewrap: every data key is already wrapped by ${KMS_KEY}.\n`,
    );

    // One data key fails to unwrap (a 400 the SDK does not retry); the other one succeeds.
    kms.failNext(
      'Decrypt',
      new AwsFault(
        400,
        'KMSInvalidStateException',
        'arn:aws:kms:eu-central-1:123456789012:key/x is pending import.',
      ),
    );
    const failed = await strata(['keys', 'rotate-master', '--to', fileKey], withKms());
    expect(failed.code).toBe(6);
    expect(failed.stderr).toContain(`error: KMS refused Decrypt with master key ${KMS_KEY}`);
    await expectAllOpen(withKms());

    const back = await strata(['keys', 'rotate-master', '--to', fileKey], withKms());
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Rewrapped 2 data key(s)');
    await expectAllOpen(withFile());
    const kmsNow = await strata(['env', 'open', 'beta/app/dev'], withKms());
    expect(kmsNow.code).toBe(6);
    expect(kmsNow.stderr).toContain(`this one is ${KMS_KEY})`);
  });

  it('explains a KMS key it cannot use, and refuses a key given on the command line', async () => {
    const missing = await strata(['env', 'open', 'acme/app/dev'], {
      STRATA_MASTER_KEY: 'awskms://alias/nope?region=eu-central-1',
    });
    expect(missing.code).toBe(6);
    const literal = await strata(
      ['keys', 'rotate-master', '--to', randomBytes(32).toString('base64')],
      withFile(),
    );
    expect(literal.code).not.toBe(0);
    expect(literal.stderr).toContain('error: --to takes where the key is, not the key itself');
    const noRegion = await strata(['keys', 'status'], {
      STRATA_MASTER_KEY: 'awskms://alias/strata',
    });
    expect(noRegion.code).toBe(6);
    expect(noRegion.stderr).toContain('error: awskms://alias/strata names no region');
    expect(noRegion.stderr).toContain('hint: add ?region=<region>');
  });

  it('strata serve takes the KMS key too', async () => {
    const path = join(sandbox.dir, 'served.db');
    const store = createSqliteStore({ path });
    const { token } = await new Accounts(store).initialize({ admin: 'admin', org: 'acme' });
    await store.close();
    const { STRATA_BACKEND: _, ...rest } = env;
    const server = await startServe(['--backend', `sqlite://${path}`], { ...rest, ...withKms() });
    try {
      const client = { STRATA_BACKEND: server.url, STRATA_TOKEN: token };
      const before = kms.calls.length;
      const init = await strata(
        ['env', 'init', 'acme/app/served', '-f', '-'],
        client,
        'values:\n  password:\n    fn::secret: served-secret\n',
      );
      expect(init.stderr).toBe('');
      const open = await strata(
        ['env', 'open', 'acme/app/served', 'password', '-f', 'string'],
        client,
      );
      expect(open.stdout).toBe('served-secret\n');
      expect(kms.calls.slice(before).map((c) => c.operation)).toContain('Encrypt');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
