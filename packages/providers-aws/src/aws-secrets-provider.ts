import type * as SecretsManagerSdk from '@aws-sdk/client-secrets-manager';
import {
  ProviderInputError,
  SecretOutput,
  type PlainValue,
  type Provider,
  type ProviderInputProblem,
  type ProviderOutput,
} from '@strata/core';
import { AWS_SECRETS_INPUTS, AWS_SECRETS_SCHEMAS } from './aws-secrets-schema.js';
import { DEFAULT_CONCURRENCY, nonEmpty, type AwsServiceOptions } from './aws-service-options.js';
import { ClientPool } from './_client-pool.js';
import { explainAwsError } from './explain-aws-error.js';
import { readLogin, sdkCredentials } from './login-credentials.js';
import { LoginDirectory } from './login-directory.js';
import { mapLimit } from './_map-limit.js';
import { refuseUnknownInputs } from './_unknown-inputs.js';

export interface AwsSecretsOptions extends AwsServiceOptions {
  /** Secrets Manager endpoint; default `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL`. */
  readonly endpoint?: string | undefined;
}

interface SecretRequest {
  readonly secretId: string;
  readonly versionId?: string | undefined;
  readonly versionStage?: string | undefined;
}

const PROVIDER = 'aws-secrets';

/**
 * `fn::open::aws-secrets`: reads secrets from AWS Secrets Manager with aws-login's credentials,
 * all of one open at once (at most `concurrency` in flight). Every value is a secret; the SDK is
 * loaded on the first open.
 */
export function createAwsSecretsProvider(options: AwsSecretsOptions = {}): Provider {
  const env = options.env ?? process.env;
  const endpoint =
    options.endpoint ??
    nonEmpty(env.AWS_ENDPOINT_URL_SECRETS_MANAGER) ??
    nonEmpty(env.AWS_ENDPOINT_URL);
  const logins = options.logins ?? new LoginDirectory();
  const now = options.now ?? (() => new Date());
  const pool = new ClientPool<SecretsManagerSdk.SecretsManagerClient>();
  let sdk: Promise<typeof SecretsManagerSdk> | undefined;

  return {
    schema: () => AWS_SECRETS_SCHEMAS,
    async open(inputs: PlainValue): Promise<ProviderOutput> {
      const { region, login, get } = inputs as unknown as {
        region: string;
        login: unknown;
        get: Record<string, SecretRequest>;
      };
      refuseUnknownInputs(PROVIDER, inputs as Record<string, unknown>, AWS_SECRETS_INPUTS);
      const credentials = readLogin(PROVIDER, login, now());
      const names = Object.keys(get);
      if (names.length === 0)
        throw ProviderInputError.at(
          ['get'],
          `${PROVIDER}: get names no secret; add one, e.g. get: {db: {secretId: prod/db}}`,
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
      const identity = logins.describe(credentials.accessKeyId);

      const results = await mapLimit(
        names,
        options.concurrency ?? DEFAULT_CONCURRENCY,
        async (name): Promise<string | ProviderInputProblem> => {
          const request = get[name]!;
          const what = `secret ${JSON.stringify(request.secretId)}`;
          let answer: SecretsManagerSdk.GetSecretValueCommandOutput;
          try {
            answer = await client.send(
              new loaded.GetSecretValueCommand({
                SecretId: request.secretId,
                ...(request.versionId === undefined ? {} : { VersionId: request.versionId }),
                ...(request.versionStage === undefined
                  ? {}
                  : { VersionStage: request.versionStage }),
              }),
            );
          } catch (error) {
            return {
              path: ['get', name],
              message: explainAwsError(error, {
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
            };
          }
          if (answer.SecretString !== undefined) return answer.SecretString;
          return {
            path: ['get', name],
            message:
              `${PROVIDER}: ${what} (get.${name}) holds binary data (SecretBinary), and Strata ` +
              `reads text: store it as a string instead (base64, or JSON for fn::fromJSON)`,
          };
        },
      );

      const problems = results.filter((r): r is ProviderInputProblem => typeof r !== 'string');
      if (problems.length > 0) throw new ProviderInputError(problems);
      return Object.fromEntries(
        names.map((name, i) => [name, new SecretOutput(results[i] as string)]),
      );
    },
  };
}

/** The ARN to allow in a policy: AWS appends six random characters to a secret's name. */
function secretArnPattern(secretId: string, region: string): string {
  if (secretId.startsWith('arn:')) return secretId;
  return `arn:aws:secretsmanager:${region}:<account>:secret:${secretId}-??????`;
}
