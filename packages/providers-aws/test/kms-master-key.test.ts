import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MasterKeyError, openMasterKey } from '@strata/core';
import { startFakeKms, staticCredentials, type FakeKms } from '@strata/testkit-aws';
import { AWS_MASTER_KEY_SOURCES, openKmsMasterKey, parseKmsKeyUrl } from '../src/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CREDENTIALS = { accessKeyId: 'AKIASTRATA', secretAccessKey: 'kms-test-secret' };
const ACME = { org: 'acme', keyId: 'dk-1' };
const DATA_KEY = new Uint8Array(32).map((_, i) => i * 7);

let kms: FakeKms;
beforeEach(async () => {
  kms = await startFakeKms({
    region: 'eu-west-1',
    credentials: staticCredentials({ [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey }),
    deny: (_caller, _action, arn) => arn.endsWith(denied),
  });
});
afterEach(async () => {
  await kms.close();
});
let denied = '(none)';

function keyAt(url: string) {
  return openKmsMasterKey(
    `${url}${url.includes('?') ? '&' : '?'}endpoint=${encodeURIComponent(kms.endpoint)}`,
    {
      credentials: CREDENTIALS,
      maxAttempts: 1,
      env: {},
    },
  );
}

describe('awskms:// URLs', () => {
  it.each([
    [
      'awskms://alias/strata?region=eu-west-1',
      { key: 'alias/strata', region: 'eu-west-1' },
      'awskms://alias/strata?region=eu-west-1',
    ],
    [
      'awskms://arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      {
        key: 'arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        region: 'us-east-2',
      },
      'awskms://arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    [
      'awskms://1234abcd-12ab-34cd-56ef-1234567890ab',
      { region: 'ap-south-1' },
      'awskms://1234abcd-12ab-34cd-56ef-1234567890ab?region=ap-south-1',
    ],
  ])('%s', (url, expected, canonical) => {
    const parsed = parseKmsKeyUrl(url, { AWS_REGION: 'ap-south-1' });
    expect(parsed).toMatchObject({ ...expected, canonical });
  });

  it.each([
    ['awskms://alias/strata', {}, 'awskms://alias/strata names no region'],
    ['awskms://?region=us-east-1', {}, 'names no KMS key'],
    ['awskms://alias/x?region=us-east-1&profile=p', {}, 'unknown parameter "profile"'],
    [
      'awskms://arn:aws:kms:us-east-2:1:key/k?region=eu-west-1',
      {},
      "region eu-west-1 differs from the key ARN's us-east-2",
    ],
  ])('refuses %s', (url, env, message) => {
    expect(() => parseKmsKeyUrl(url, env)).toThrow(MasterKeyError);
    expect(() => parseKmsKeyUrl(url, env)).toThrow(message);
  });
});

describe('a master key in KMS', () => {
  it('wraps with Encrypt and unwraps with Decrypt under a context naming the org', async () => {
    const { arn } = kms.createKey({ alias: 'alias/strata' });
    const key = keyAt('awskms://alias/strata?region=eu-west-1');
    expect(key.id).toBe(`awskms://alias/strata?region=eu-west-1`);
    const wrapped = await key.wrap(DATA_KEY, ACME);
    expect(Buffer.from(wrapped, 'base64').includes(Buffer.from(DATA_KEY))).toBe(false);
    expect(Buffer.from(await key.unwrap(wrapped, ACME))).toEqual(Buffer.from(DATA_KEY));

    const encrypt = kms.calls.find((c) => c.operation === 'Encrypt')!;
    expect(encrypt.body).toMatchObject({
      KeyId: 'alias/strata',
      EncryptionContext: { 'strata:org': 'acme', 'strata:data-key': 'dk-1' },
    });
    expect(encrypt.caller).toMatchObject({
      accessKeyId: 'AKIASTRATA',
      region: 'eu-west-1',
      service: 'kms',
    });
    expect(await key.describe!()).toMatchObject({
      'key ARN': arn,
      state: 'Enabled',
      region: 'eu-west-1',
    });
  });

  it('does not open a wrapped key under another org, data key or KMS key, and says so as a wrong key', async () => {
    kms.createKey({ alias: 'alias/strata' });
    kms.createKey({ alias: 'alias/other' });
    const key = keyAt('awskms://alias/strata?region=eu-west-1');
    const wrapped = await key.wrap(DATA_KEY, ACME);
    for (const context of [
      { org: 'beta', keyId: 'dk-1' },
      { org: 'acme', keyId: 'dk-2' },
    ]) {
      const error = await key.unwrap(wrapped, context).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(MasterKeyError);
      expect((error as Error).message).toBe('KMS InvalidCiphertextException');
    }
    const other = keyAt('awskms://alias/other?region=eu-west-1');
    await expect(other.unwrap(wrapped, ACME)).rejects.toThrow('KMS IncorrectKeyException');
  });

  it('explains a key it cannot use: disabled, refused, missing, unreachable', async () => {
    const { keyId } = kms.createKey({ alias: 'alias/strata' });
    const key = keyAt('awskms://alias/strata?region=eu-west-1');
    const wrapped = await key.wrap(DATA_KEY, ACME);

    kms.setEnabled(keyId, false);
    let error = (await key.unwrap(wrapped, ACME).catch((e: unknown) => e)) as MasterKeyError;
    expect(error).toBeInstanceOf(MasterKeyError);
    expect(error.message).toContain(
      'KMS refused Decrypt with master key awskms://alias/strata?region=eu-west-1 for org acme (data key dk-1): DisabledException',
    );
    expect(error.hint).toContain('aws kms enable-key --key-id alias/strata');
    kms.setEnabled(keyId, true);

    denied = keyId;
    try {
      error = (await key.wrap(DATA_KEY, ACME).catch((e: unknown) => e)) as MasterKeyError;
      expect(error.message).toContain('AccessDeniedException');
      expect(error.hint).toContain('allow kms:Encrypt, kms:Decrypt and kms:DescribeKey');
    } finally {
      denied = '(none)';
    }

    error = (await keyAt('awskms://alias/nope?region=eu-west-1')
      .wrap(DATA_KEY, ACME)
      .catch((e: unknown) => e)) as MasterKeyError;
    expect(error.message).toContain('NotFoundException');
    expect(error.hint).toContain('(eu-west-1)');

    // Keys are regional: the same alias asked for in another region is not there.
    error = (await keyAt('awskms://alias/strata?region=us-east-1')
      .wrap(DATA_KEY, ACME)
      .catch((e: unknown) => e)) as MasterKeyError;
    expect(error.message).toContain('NotFoundException');

    const down = openKmsMasterKey(
      'awskms://alias/strata?region=eu-west-1&endpoint=http://127.0.0.1:9',
      {
        credentials: CREDENTIALS,
        maxAttempts: 1,
      },
    );
    error = (await down.wrap(DATA_KEY, ACME).catch((e: unknown) => e)) as MasterKeyError;
    expect(error).toBeInstanceOf(MasterKeyError);
    expect(error.hint).toContain('KMS at http://127.0.0.1:9 could not be reached');
  });

  it('is what openMasterKey gives for awskms:// with the package sources, endpoint from the environment', async () => {
    kms.createKey({ alias: 'alias/strata' });
    const key = await openMasterKey('awskms://alias/strata', {
      sources: AWS_MASTER_KEY_SOURCES,
      env: { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_KMS: kms.endpoint },
    });
    expect(key.source).toBe('awskms://alias/strata?region=eu-west-1');
  });
});
