import type * as StsSdk from '@aws-sdk/client-sts';
import type { AwsCredentials } from './credential-cache.js';

export interface StsCallOptions {
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly maxAttempts: number | undefined;
}

export interface WebIdentityRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly token: string;
  readonly durationSeconds: number;
  readonly policyArns: readonly string[];
}

/** Loads the STS SDK on the first login only: opens without aws-login never pay for it. */
export function createLazySts(options: StsCallOptions) {
  let client: Promise<{ client: StsSdk.STSClient; sdk: typeof StsSdk }> | undefined;
  const load = () =>
    (client ??= import('@aws-sdk/client-sts').then((sdk) => ({
      sdk,
      client: new sdk.STSClient({
        region: options.region,
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      }),
    })));

  return {
    async assumeRoleWithWebIdentity(request: WebIdentityRequest): Promise<AwsCredentials> {
      const { sdk, client: sts } = await load();
      const result = await sts.send(
        new sdk.AssumeRoleWithWebIdentityCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          WebIdentityToken: request.token,
          DurationSeconds: request.durationSeconds,
          ...(request.policyArns.length === 0
            ? {}
            : { PolicyArns: request.policyArns.map((arn) => ({ arn })) }),
        }),
      );
      const c = result.Credentials;
      if (
        c?.AccessKeyId === undefined ||
        c.SecretAccessKey === undefined ||
        c.SessionToken === undefined ||
        c.Expiration === undefined
      )
        throw new Error('aws-login: STS answered without credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration.toISOString(),
      };
    },
  };
}
