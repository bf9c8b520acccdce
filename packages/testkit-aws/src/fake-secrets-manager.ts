// A fake AWS Secrets Manager for tests: GetSecretValue and BatchGetSecretValue over the real JSON
// protocol, with versions, staging labels, binary secrets, secrets marked for deletion, and the
// errors AWS answers with.
import { randomUUID } from 'node:crypto';
import { accessDenied } from './access-denied.js';
import { AwsFault } from './aws-fault.js';
import {
  requireString,
  startAwsJsonServer,
  type AwsCall,
  type AwsJsonEndpoint,
} from './aws-json-server.js';
import type { CredentialLookup, SignedCaller } from './sigv4.js';

export interface FakeSecretsManagerOptions {
  /** The fake's region: ARNs name it, and requests signed for another region find nothing. */
  readonly region?: string | undefined;
  readonly account?: string | undefined;
  readonly credentials?: CredentialLookup | undefined;
  readonly latencyMs?: number | undefined;
  /** Return true to refuse a caller `secretsmanager:GetSecretValue` on a secret (by name). */
  readonly deny?: ((caller: SignedCaller, secretName: string) => boolean) | undefined;
  /** Return true to refuse a caller `secretsmanager:BatchGetSecretValue` (an action on `*`). */
  readonly denyBatch?: ((caller: SignedCaller) => boolean) | undefined;
}

export interface PutSecretOptions {
  /** Staging labels of the new version; default `AWSCURRENT` (moved from the previous version). */
  readonly stages?: readonly string[];
  /** The secret's KMS key refuses the caller: reading it fails with DecryptionFailure. */
  readonly kmsDenied?: boolean;
}

export interface FakeSecretsManager extends AwsJsonEndpoint {
  readonly region: string;
  /** Adds a secret or a new version of one; returns its ARN and the version's ID. */
  putSecret(
    name: string,
    value: string | Uint8Array,
    options?: PutSecretOptions,
  ): { arn: string; versionId: string };
  /** Marks a secret for deletion: reading it fails as AWS does during the recovery window. */
  deleteSecret(name: string): void;
}

interface SecretVersion {
  readonly versionId: string;
  stages: string[];
  readonly string?: string;
  readonly binary?: Uint8Array;
  readonly created: number;
}

interface StoredSecret {
  readonly name: string;
  readonly arn: string;
  readonly versions: SecretVersion[];
  kmsDenied: boolean;
  deleted: boolean;
}

export async function startFakeSecretsManager(
  options: FakeSecretsManagerOptions = {},
): Promise<FakeSecretsManager> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const secrets = new Map<string, StoredSecret>();

  const find = (id: string): StoredSecret | undefined => {
    const byName = secrets.get(id);
    if (byName !== undefined) return byName;
    // A full ARN, or a partial one without the random suffix.
    for (const secret of secrets.values())
      if (secret.arn === id || secret.arn.slice(0, -7) === id) return secret;
    return undefined;
  };

  const getSecretValue = (call: AwsCall): unknown => {
    const id = requireString(call.body, 'SecretId');
    return readSecret(
      call,
      id,
      call.body.VersionId as string | undefined,
      call.body.VersionStage as string | undefined,
    );
  };

  /** One secret's value as GetSecretValue answers it, or the fault it fails with. */
  const readSecret = (
    call: AwsCall,
    id: string,
    versionId: string | undefined,
    stage: string | undefined,
  ): unknown => {
    const secret = call.caller.region === region ? find(id) : undefined;
    if (secret === undefined)
      throw new AwsFault(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    if (options.deny?.(call.caller, secret.name) === true)
      throw accessDenied(call.caller, 'secretsmanager:GetSecretValue', { resource: id });
    if (secret.deleted)
      throw new AwsFault(
        400,
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    let version: SecretVersion | undefined;
    if (versionId !== undefined) {
      version = secret.versions.find((v) => v.versionId === versionId);
      if (version === undefined || (stage !== undefined && !version.stages.includes(stage)))
        throw new AwsFault(
          400,
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
        );
    } else {
      const label = stage ?? 'AWSCURRENT';
      version = secret.versions.find((v) => v.stages.includes(label));
      if (version === undefined)
        throw new AwsFault(
          400,
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for staging label: ${label}`,
        );
    }
    if (secret.kmsDenied)
      throw new AwsFault(
        400,
        'DecryptionFailure',
        "Secrets Manager can't decrypt the protected secret text using the provided KMS key. Check that you have permission to use the key.",
      );
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(version.string === undefined
        ? { SecretBinary: Buffer.from(version.binary ?? []).toString('base64') }
        : { SecretString: version.string }),
      VersionStages: version.stages,
      CreatedDate: version.created / 1000,
    };
  };

  // Each secret is read as GetSecretValue reads it; its failure becomes an entry of Errors.
  const batchGetSecretValue = (call: AwsCall): unknown => {
    const ids = call.body.SecretIdList;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20)
      throw new AwsFault(
        400,
        'InvalidParameterException',
        'SecretIdList must hold between 1 and 20 secret IDs.',
      );
    if (options.denyBatch?.(call.caller) === true)
      throw accessDenied(call.caller, 'secretsmanager:BatchGetSecretValue');
    const values: unknown[] = [];
    const errors: unknown[] = [];
    for (const id of new Set(ids as string[])) {
      try {
        values.push(readSecret(call, id, undefined, undefined));
      } catch (error) {
        if (!(error instanceof AwsFault)) throw error;
        errors.push({ SecretId: id, ErrorCode: error.type, Message: error.message });
      }
    }
    return { SecretValues: values, Errors: errors };
  };

  const server = await startAwsJsonServer({
    targetPrefix: 'secretsmanager',
    credentials: options.credentials,
    latencyMs: options.latencyMs,
    handle(call) {
      if (call.operation === 'GetSecretValue') return getSecretValue(call);
      if (call.operation === 'BatchGetSecretValue') return batchGetSecretValue(call);
      throw new AwsFault(400, 'UnknownOperationException', `Unknown operation ${call.operation}`);
    },
  });

  return Object.assign(server, {
    region,
    putSecret(name: string, value: string | Uint8Array, put: PutSecretOptions = {}) {
      let secret = secrets.get(name);
      if (secret === undefined) {
        const suffix = randomUUID().replace(/-/g, '').slice(0, 6);
        secret = {
          name,
          arn: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix}`,
          versions: [],
          kmsDenied: false,
          deleted: false,
        };
        secrets.set(name, secret);
      }
      const stages = [...(put.stages ?? ['AWSCURRENT'])];
      // A label sits on one version; the version that loses AWSCURRENT becomes AWSPREVIOUS.
      const promoting = stages.includes('AWSCURRENT');
      for (const old of secret.versions) {
        const wasCurrent = old.stages.includes('AWSCURRENT');
        old.stages = old.stages.filter(
          (s) => !stages.includes(s) && !(promoting && s === 'AWSPREVIOUS'),
        );
        if (promoting && wasCurrent) old.stages.push('AWSPREVIOUS');
      }
      const version: SecretVersion = {
        versionId: randomUUID(),
        stages,
        ...(typeof value === 'string' ? { string: value } : { binary: new Uint8Array(value) }),
        created: Date.now(),
      };
      secret.versions.push(version);
      secret.kmsDenied = put.kmsDenied ?? false;
      return { arn: secret.arn, versionId: version.versionId };
    },
    deleteSecret(name: string) {
      const secret = secrets.get(name);
      if (secret !== undefined) secret.deleted = true;
    },
  });
}
