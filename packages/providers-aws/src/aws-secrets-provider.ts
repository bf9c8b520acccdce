import type * as SecretsManagerSdk from '@aws-sdk/client-secrets-manager';
import {
  ProviderInputError,
  SecretOutput,
  type PlainValue,
  type Provider,
  type ProviderInputProblem,
  type ProviderOutput,
  mapLimit,
} from '@strata/core';
import { AWS_SECRETS_INPUTS, AWS_SECRETS_SCHEMAS } from './aws-secrets-schema.js';
import { resolveServiceOptions, type AwsServiceOptions } from './aws-service-options.js';
import { readServiceInputs } from './_service-inputs.js';
import { ClientPool } from './_client-pool.js';
import { awsErrorCode, classifyAwsError, explainAwsError } from './explain-aws-error.js';
import { sdkCredentials } from './login-credentials.js';

export interface AwsSecretsOptions extends AwsServiceOptions {
  /** Secrets Manager endpoint; default `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL`. */
  readonly endpoint?: string | undefined;
}

interface SecretRequest {
  readonly secretId: string;
  readonly versionId?: string | undefined;
  readonly versionStage?: string | undefined;
}

/** What one secret gave: its text, the fact that it is binary, or why not. */
type Fetched = { text: string } | { binary: true } | { error: unknown };

const PROVIDER = 'aws-secrets';
/** BatchGetSecretValue takes at most twenty secret IDs. */
const BATCH = 20;

/**
 * `fn::open::aws-secrets`: reads secrets from AWS Secrets Manager with aws-login's credentials.
 * The current versions of one open are read with BatchGetSecretValue, twenty a call, the calls at
 * once; pinned versions (versionId, versionStage), and every secret when the role may not batch,
 * with GetSecretValue, at most `concurrency` in flight. Every value is a secret; the SDK is loaded
 * on the first open.
 */
export function createAwsSecretsProvider(options: AwsSecretsOptions = {}): Provider {
  const { endpoint, logins, now, concurrency } = resolveServiceOptions(
    options,
    'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  );
  const pool = new ClientPool<SecretsManagerSdk.SecretsManagerClient>();
  // Clients whose credentials may not call BatchGetSecretValue: they read one secret a call.
  const cannotBatch = new WeakSet<SecretsManagerSdk.SecretsManagerClient>();
  let sdk: Promise<typeof SecretsManagerSdk> | undefined;

  return {
    schema: () => AWS_SECRETS_SCHEMAS,
    async open(inputs: PlainValue): Promise<ProviderOutput> {
      const {
        region,
        credentials,
        get,
        keys: names,
      } = readServiceInputs<SecretRequest>(
        PROVIDER,
        inputs,
        AWS_SECRETS_INPUTS,
        now(),
        'get names no secret; add one, e.g. get: {db: {secretId: prod/db}}',
      );
      const loaded = await (sdk ??= import('@aws-sdk/client-secrets-manager'));
      const client = pool.get(
        { region, endpoint, credentials },
        () =>
          new loaded.SecretsManagerClient({
            region,
            credentials: sdkCredentials(credentials),
            ...(endpoint === undefined ? {} : { endpoint }),
            ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
          }),
      );

      const current = (name: string) =>
        get[name]!.versionId === undefined && get[name]!.versionStage === undefined;
      // Current versions by secret ID, from the batches; then each remaining name on its own.
      const byId = new Map<string, Fetched>();
      if (!cannotBatch.has(client)) {
        const ids = [...new Set(names.filter(current).map((n) => get[n]!.secretId))];
        const batches: string[][] = [];
        for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
        await mapLimit(batches, concurrency, async (batch) => {
          try {
            for (const [id, fetched] of await readBatch(loaded, client, batch))
              byId.set(id, fetched);
          } catch (error) {
            if (
              awsErrorCode(error) === 'AccessDeniedException' &&
              classifyAwsError(error) !== 'kms'
            )
              cannotBatch.add(client);
            else for (const id of batch) byId.set(id, { error });
          }
        });
      }
      const single = names.filter((n) => !current(n) || !byId.has(get[n]!.secretId));
      const singles = await mapLimit(single, concurrency, (name) =>
        readOne(loaded, client, get[name]!),
      );
      const fetched = (name: string): Fetched =>
        current(name) && byId.has(get[name]!.secretId)
          ? byId.get(get[name]!.secretId)!
          : singles[single.indexOf(name)]!;

      const identity = logins.describe(credentials.accessKeyId);
      const problems: ProviderInputProblem[] = [];
      const output: Record<string, SecretOutput> = {};
      for (const name of names) {
        const request = get[name]!;
        const what = `secret ${JSON.stringify(request.secretId)}`;
        const result = fetched(name);
        if ('text' in result) output[name] = new SecretOutput(result.text);
        else if ('binary' in result)
          problems.push({
            path: ['get', name],
            message:
              `${PROVIDER}: ${what} (get.${name}) holds binary data (SecretBinary), and Strata ` +
              `reads text: store it as a string instead (base64, or JSON for fn::fromJSON)`,
          });
        else
          problems.push({
            path: ['get', name],
            message: explainAwsError(result.error, {
              provider: PROVIDER,
              what,
              at: `get.${name}`,
              region,
              identity,
              action: 'secretsmanager:GetSecretValue',
              resource: secretArnPattern(request.secretId, region),
              viaService: `secretsmanager.${region}.amazonaws.com`,
              endpoint: endpoint ?? `https://secretsmanager.${region}.amazonaws.com`,
              endpointVariable: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
            }),
          });
      }
      if (problems.length > 0) throw new ProviderInputError(problems);
      return output;
    },
  };
}

/**
 * The current versions of up to twenty secrets in one BatchGetSecretValue call (following its
 * pages), by the ID each was asked for. An ID the answer does not name is left out: it is then
 * read on its own.
 */
async function readBatch(
  sdk: typeof SecretsManagerSdk,
  client: SecretsManagerSdk.SecretsManagerClient,
  ids: readonly string[],
): Promise<Map<string, Fetched>> {
  const values: SecretsManagerSdk.SecretValueEntry[] = [];
  const errors: SecretsManagerSdk.APIErrorType[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await client.send(
      new sdk.BatchGetSecretValueCommand({
        SecretIdList: [...ids],
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    values.push(...(answer.SecretValues ?? []));
    errors.push(...(answer.Errors ?? []));
    nextToken = answer.NextToken;
  } while (nextToken !== undefined && nextToken !== '');
  const found = new Map<string, Fetched>();
  for (const id of ids) {
    const value = values.find(
      (v) =>
        v.Name === id || v.ARN === id || (id.startsWith('arn:') && v.ARN?.startsWith(`${id}-`)),
    );
    const error = errors.find((e) => e.SecretId === id);
    if (value !== undefined)
      found.set(
        id,
        value.SecretString === undefined ? { binary: true } : { text: value.SecretString },
      );
    else if (error !== undefined)
      found.set(id, {
        error: Object.assign(new Error(error.Message ?? ''), {
          name: error.ErrorCode ?? 'Unknown',
        }),
      });
  }
  return found;
}

async function readOne(
  sdk: typeof SecretsManagerSdk,
  client: SecretsManagerSdk.SecretsManagerClient,
  request: SecretRequest,
): Promise<Fetched> {
  try {
    const answer = await client.send(
      new sdk.GetSecretValueCommand({
        SecretId: request.secretId,
        ...(request.versionId === undefined ? {} : { VersionId: request.versionId }),
        ...(request.versionStage === undefined ? {} : { VersionStage: request.versionStage }),
      }),
    );
    return answer.SecretString === undefined ? { binary: true } : { text: answer.SecretString };
  } catch (error) {
    return { error };
  }
}

/** The ARN to allow in a policy: AWS appends six random characters to a secret's name. */
function secretArnPattern(secretId: string, region: string): string {
  if (secretId.startsWith('arn:')) return secretId;
  return `arn:aws:secretsmanager:${region}:<account>:secret:${secretId}-??????`;
}
