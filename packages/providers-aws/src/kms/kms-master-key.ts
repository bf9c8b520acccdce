import type * as KmsSdk from '@aws-sdk/client-kms';
import { MasterKeyError, type MasterKey, type WrapContext } from '@strata/core';
import { awsErrorCode, classifyAwsError } from '../explain-aws-error.js';
import { parseKmsKeyUrl, type KmsKeyUrl } from './kms-key-url.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface KmsMasterKeyOptions {
  /** Where the region and endpoint defaults are read (default `process.env`). */
  readonly env?: Env | undefined;
  /** Credentials to call KMS with; default the SDK's chain (environment, profile, role). */
  readonly credentials?:
    { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  /** SDK attempts per call (default: the SDK's 3). */
  readonly maxAttempts?: number | undefined;
}

/**
 * What binds a wrapped data key to its org: KMS refuses to decrypt it under any other context, so a
 * wrapped key copied into another org's keyring does not open.
 */
export function encryptionContext(context: WrapContext): Record<string, string> {
  return { 'strata:org': context.org, 'strata:data-key': context.keyId };
}

/**
 * A master key that never leaves AWS KMS: data keys are wrapped with `Encrypt` and unwrapped with
 * `Decrypt`, each under an encryption context naming the org and the data key. The SDK loads on
 * the first call; the unwrapped data keys are kept by the keyring, in memory only.
 */
export function openKmsMasterKey(url: string, options: KmsMasterKeyOptions = {}): MasterKey {
  const parsed = parseKmsKeyUrl(url, options.env ?? process.env);
  let client: Promise<{ sdk: typeof KmsSdk; kms: KmsSdk.KMSClient }> | undefined;
  const load = () =>
    (client ??= import('@aws-sdk/client-kms').then((sdk) => ({
      sdk,
      kms: new sdk.KMSClient({
        region: parsed.region,
        ...(parsed.endpoint === undefined ? {} : { endpoint: parsed.endpoint }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
        ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      }),
    })));

  return {
    id: parsed.canonical,
    source: parsed.canonical,
    async wrap(dataKey, context) {
      const { sdk, kms } = await load();
      let answer: KmsSdk.EncryptCommandOutput;
      try {
        answer = await kms.send(
          new sdk.EncryptCommand({
            KeyId: parsed.key,
            Plaintext: dataKey,
            EncryptionContext: encryptionContext(context),
          }),
        );
      } catch (error) {
        throw kmsRefused('Encrypt', error, parsed, context);
      }
      if (answer.CiphertextBlob === undefined)
        throw new MasterKeyError(
          `KMS answered Encrypt on ${parsed.canonical} without a ciphertext`,
        );
      return Buffer.from(answer.CiphertextBlob).toString('base64');
    },
    async unwrap(wrapped, context) {
      const { sdk, kms } = await load();
      let answer: KmsSdk.DecryptCommandOutput;
      try {
        answer = await kms.send(
          new sdk.DecryptCommand({
            KeyId: parsed.key,
            CiphertextBlob: Buffer.from(wrapped, 'base64'),
            EncryptionContext: encryptionContext(context),
          }),
        );
      } catch (error) {
        // Another key's blob or another org's context: a wrong key for this data key, which the
        // keyring reports as such. Anything else means the key cannot be used at all.
        const code = awsErrorCode(error);
        if (code === 'InvalidCiphertextException' || code === 'IncorrectKeyException')
          throw new Error(`KMS ${code}`, { cause: error });
        throw kmsRefused('Decrypt', error, parsed, context);
      }
      if (answer.Plaintext === undefined)
        throw new MasterKeyError(`KMS answered Decrypt on ${parsed.canonical} without a plaintext`);
      return answer.Plaintext;
    },
    async describe() {
      const { sdk, kms } = await load();
      let answer: KmsSdk.DescribeKeyCommandOutput;
      try {
        answer = await kms.send(new sdk.DescribeKeyCommand({ KeyId: parsed.key }));
      } catch (error) {
        throw kmsRefused('DescribeKey', error, parsed, undefined);
      }
      const m = answer.KeyMetadata;
      return {
        'key ARN': m?.Arn ?? '(unknown)',
        state: m?.KeyState ?? '(unknown)',
        region: parsed.region,
        ...(m?.CreationDate === undefined ? {} : { created: m.CreationDate.toISOString() }),
        ...(parsed.endpoint === undefined ? {} : { endpoint: parsed.endpoint }),
      };
    },
  };
}

/** A KMS failure that makes the key unusable, with what to fix. */
function kmsRefused(
  operation: string,
  error: unknown,
  key: KmsKeyUrl,
  context: WrapContext | undefined,
): MasterKeyError {
  const code = awsErrorCode(error);
  const said =
    error instanceof Error && error.message.trim() !== ''
      ? `${code}: ${error.message.trim()}`
      : code;
  const on = context === undefined ? '' : ` for org ${context.org} (data key ${context.keyId})`;
  let hint: string;
  switch (
    code === 'DisabledException' || code === 'KMSInvalidStateException'
      ? 'state'
      : classifyAwsError(error)
  ) {
    case 'state':
      hint = `enable the key (aws kms enable-key --key-id ${key.key}), or cancel its deletion`;
      break;
    case 'access-denied':
    case 'kms':
      hint =
        `allow kms:Encrypt, kms:Decrypt and kms:DescribeKey on the key for the identity Strata runs ` +
        `as (its key policy or an IAM policy), with kms:EncryptionContext:strata:org if you restrict by org`;
      break;
    case 'not-found':
      hint = `check the key ID or alias and the region (${key.region}): KMS keys are regional`;
      break;
    case 'credentials':
      hint = `the AWS credentials Strata found were refused: check AWS_PROFILE, AWS_ACCESS_KEY_ID or the role`;
      break;
    case 'network':
      hint = `KMS at ${key.endpoint ?? `kms.${key.region}.amazonaws.com`} could not be reached: check the network and AWS_ENDPOINT_URL_KMS`;
      break;
    case 'throttled':
      hint = 'KMS throttled the calls: try again in a moment';
      break;
    default:
      hint =
        code === 'NotFoundException'
          ? `check the key ID or alias and the region (${key.region})`
          : "see KMS's message";
  }
  return new MasterKeyError(
    `KMS refused ${operation} with master key ${key.canonical}${on}: ${said}`,
    {
      cause: error,
      hint,
    },
  );
}
