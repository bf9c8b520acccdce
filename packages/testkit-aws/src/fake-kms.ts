// A fake AWS KMS for tests: Encrypt, Decrypt and DescribeKey over the real JSON protocol. It really
// encrypts (AES-256-GCM under a random key per KMS key, the encryption context as associated data),
// so a wrong key, a wrong context or an altered blob fails as AWS fails.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { accessDenied } from './access-denied.js';
import { AwsFault } from './aws-fault.js';
import {
  requireString,
  startAwsJsonServer,
  type AwsCall,
  type AwsJsonEndpoint,
} from './aws-json-server.js';
import type { CredentialLookup, SignedCaller } from './sigv4.js';

export interface FakeKmsOptions {
  readonly region?: string | undefined;
  readonly account?: string | undefined;
  readonly credentials?: CredentialLookup | undefined;
  readonly latencyMs?: number | undefined;
  /** Return true to refuse a caller an operation (`kms:Encrypt`, ...) on a key (by ARN). */
  readonly deny?: ((caller: SignedCaller, action: string, keyArn: string) => boolean) | undefined;
}

export interface FakeKmsKey {
  readonly keyId: string;
  readonly arn: string;
}

export interface FakeKms extends AwsJsonEndpoint {
  readonly region: string;
  /** Creates a symmetric key; with `alias` (`alias/name`), the alias points at it. */
  createKey(options?: { alias?: string; description?: string }): FakeKmsKey;
  /** Points an alias at a key (creating or moving it). */
  setAlias(alias: string, keyId: string): void;
  /** Enables or disables a key: a disabled key refuses Encrypt and Decrypt. */
  setEnabled(keyId: string, enabled: boolean): void;
}

interface StoredKey extends FakeKmsKey {
  readonly material: Buffer;
  readonly description: string;
  readonly created: number;
  enabled: boolean;
}

const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export async function startFakeKms(options: FakeKmsOptions = {}): Promise<FakeKms> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const keys = new Map<string, StoredKey>();
  const aliases = new Map<string, string>();
  const arnPrefix = `arn:aws:kms:${region}:${account}:`;

  const notFound = (id: string) =>
    new AwsFault(
      400,
      'NotFoundException',
      id.startsWith('alias/') || id.includes(':alias/')
        ? `Alias ${id.startsWith('arn:') ? id : arnPrefix + id} is not found.`
        : `Key '${id.startsWith('arn:') ? id : `${arnPrefix}key/${id}`}' does not exist`,
    );

  /** A key ID, key ARN, alias name or alias ARN, as KMS accepts them (in this region only). */
  const resolveKey = (id: string, caller: SignedCaller): StoredKey => {
    if (caller.region !== region) throw notFound(id);
    let ref = id.startsWith(arnPrefix) ? id.slice(arnPrefix.length) : id;
    if (ref.startsWith('alias/')) ref = aliases.get(ref) ?? '';
    else if (ref.startsWith('key/')) ref = ref.slice(4);
    const key = keys.get(ref);
    if (key === undefined) throw notFound(id);
    return key;
  };

  const authorize = (call: AwsCall, key: StoredKey) => {
    const action = `kms:${call.operation}`;
    if (options.deny?.(call.caller, action, key.arn) === true)
      throw accessDenied(call.caller, action, { resource: key.arn });
    if (!key.enabled && call.operation !== 'DescribeKey')
      throw new AwsFault(400, 'DisabledException', `${key.arn} is disabled.`);
  };

  const contextAad = (body: Readonly<Record<string, unknown>>): Buffer => {
    const context = (body.EncryptionContext ?? {}) as Record<string, unknown>;
    const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Buffer.from(JSON.stringify(entries), 'utf8');
  };

  const base64Field = (body: Readonly<Record<string, unknown>>, field: string): Buffer =>
    Buffer.from(requireString(body, field), 'base64');

  const encrypt = (call: AwsCall): unknown => {
    const key = resolveKey(requireString(call.body, 'KeyId'), call.caller);
    authorize(call, key);
    const plaintext = base64Field(call.body, 'Plaintext');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(contextAad(call.body));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const blob = Buffer.concat([
      Buffer.from([BLOB_VERSION]),
      Buffer.from(key.keyId.replace(/-/g, ''), 'hex'),
      iv,
      cipher.getAuthTag(),
      sealed,
    ]);
    return {
      CiphertextBlob: blob.toString('base64'),
      KeyId: key.arn,
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  };

  const decrypt = (call: AwsCall): unknown => {
    const blob = base64Field(call.body, 'CiphertextBlob');
    const invalid = () => new AwsFault(400, 'InvalidCiphertextException', '');
    if (blob.length < 1 + 16 + IV_BYTES + TAG_BYTES || blob[0] !== BLOB_VERSION) throw invalid();
    const hex = blob.subarray(1, 17).toString('hex');
    const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const key = call.caller.region === region ? keys.get(keyId) : undefined;
    if (key === undefined) throw invalid();
    if (typeof call.body.KeyId === 'string' && resolveKey(call.body.KeyId, call.caller) !== key)
      throw new AwsFault(
        400,
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      );
    authorize(call, key);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      key.material,
      blob.subarray(17, 17 + IV_BYTES),
    );
    decipher.setAAD(contextAad(call.body));
    decipher.setAuthTag(blob.subarray(17 + IV_BYTES, 17 + IV_BYTES + TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([
        decipher.update(blob.subarray(17 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw invalid();
    }
    return {
      KeyId: key.arn,
      Plaintext: plaintext.toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  };

  const describeKey = (call: AwsCall): unknown => {
    const key = resolveKey(requireString(call.body, 'KeyId'), call.caller);
    authorize(call, key);
    return {
      KeyMetadata: {
        AWSAccountId: account,
        KeyId: key.keyId,
        Arn: key.arn,
        CreationDate: key.created / 1000,
        Enabled: key.enabled,
        Description: key.description,
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: key.enabled ? 'Enabled' : 'Disabled',
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT',
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        MultiRegion: false,
      },
    };
  };

  const server = await startAwsJsonServer({
    targetPrefix: 'TrentService',
    credentials: options.credentials,
    latencyMs: options.latencyMs,
    handle(call) {
      switch (call.operation) {
        case 'Encrypt':
          return encrypt(call);
        case 'Decrypt':
          return decrypt(call);
        case 'DescribeKey':
          return describeKey(call);
        default:
          throw new AwsFault(
            400,
            'UnknownOperationException',
            `Unknown operation ${call.operation}`,
          );
      }
    },
  });

  const fake: FakeKms = Object.assign(server, {
    region,
    createKey(create: { alias?: string; description?: string } = {}) {
      const keyId = randomUUID();
      const key: StoredKey = {
        keyId,
        arn: `${arnPrefix}key/${keyId}`,
        material: randomBytes(32),
        description: create.description ?? '',
        created: Date.now(),
        enabled: true,
      };
      keys.set(keyId, key);
      if (create.alias !== undefined) fake.setAlias(create.alias, keyId);
      return { keyId, arn: key.arn };
    },
    setAlias(alias: string, keyId: string) {
      if (!alias.startsWith('alias/')) throw new Error(`an alias starts with alias/: ${alias}`);
      aliases.set(alias, keyId);
    },
    setEnabled(keyId: string, enabled: boolean) {
      const key = keys.get(keyId);
      if (key === undefined) throw new Error(`no key ${keyId}`);
      key.enabled = enabled;
    },
  });
  return fake;
}
