import { decodeJwt } from 'jose';
import { z } from 'zod/mini';
import { en } from 'zod/locales';
import {
  SecretOutput,
  type ExecutionContext,
  type PlainValue,
  type Provider,
  type ProviderOutput,
} from '@strata/core';
import { createLazySts } from './_sts-client.js';
import { AWS_LOGIN_SCHEMAS } from './aws-login-schema.js';
import {
  createMemoryCredentialCache,
  type AwsCredentials,
  type CredentialCache,
  type CredentialCacheKey,
} from './credential-cache.js';
import { AwsLoginError, explainStsError, type LoginAttempt } from './explain-sts-error.js';
import type { LoginDirectory } from './login-directory.js';
import { buildSubject, identityFromContext } from './oidc/build-subject.js';
import { tokenSourceFromEnv, type TokenSource } from './oidc/token-sources.js';
import { parseDuration } from './parse-duration.js';
import { nonEmpty } from './non-empty.js';

export interface AwsLoginOptions {
  /**
   * Where OIDC logins get their web identity token: `issuerTokenSource(issuer)` for Strata's own
   * issuer, `fileTokenSource` or `commandTokenSource` for tokens issued elsewhere. Default: the
   * file named by `AWS_WEB_IDENTITY_TOKEN_FILE`, if set.
   */
  readonly tokenSource?: TokenSource | undefined;
  /** The token's `aud`; default: the org. */
  readonly audience?: string | undefined;
  /** The org, when the execution context has no `pulumi.organization.login`. */
  readonly org?: string | undefined;
  /** `project/env`, when the execution context has no `rootEnvironment.name`. */
  readonly environment?: string | undefined;
  /** STS endpoint URL; default `AWS_ENDPOINT_URL_STS`, else the SDK's regional endpoint. */
  readonly endpoint?: string | undefined;
  /** Default `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`. */
  readonly region?: string | undefined;
  /** SDK attempts per call (default: the SDK's 3). */
  readonly maxAttempts?: number | undefined;
  /** Where credentials are reused from; default an in-memory cache for this provider. */
  readonly cache?: CredentialCache | undefined;
  /** `false` turns reuse off: every open calls STS. */
  readonly reuseCredentials?: boolean | undefined;
  /** Environment variables to read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Where logins record which role their credentials are for (other providers' errors name it). */
  readonly logins?: LoginDirectory | undefined;
}

const DEFAULT_DURATION_SECONDS = 3600;

// zod/mini loads no locale; parses pass the English messages (never z.config: a library).
const messages = { error: en().localeError };

const inputsSchema = z.union([
  z.object({
    static: z.object({
      accessKeyId: z.string(),
      secretAccessKey: z.string(),
      sessionToken: z.optional(z.string()),
    }),
  }),
  z.object({
    oidc: z.object({
      roleArn: z.string(),
      sessionName: z.string(),
      duration: z.optional(z.string()),
      policyArns: z.optional(z.array(z.string())),
      subjectAttributes: z.optional(z.array(z.string())),
    }),
  }),
]);

type OidcInputs = Extract<z.infer<typeof inputsSchema>, { oidc: unknown }>['oidc'];

/** `fn::open::aws-login`: static credentials, or an OIDC web identity exchanged at STS. */
export function createAwsLoginProvider(options: AwsLoginOptions = {}): Provider {
  const env = options.env ?? process.env;
  const endpoint = options.endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL_STS);
  const sts = createLazySts({
    endpoint,
    region:
      options.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1',
    maxAttempts: options.maxAttempts,
  });
  const cache =
    options.reuseCredentials === false
      ? undefined
      : (options.cache ?? createMemoryCredentialCache());
  // Concurrent opens of the same login share one STS call.
  const inFlight = new Map<string, Promise<AwsCredentials>>();

  const loginOidc = async (oidc: OidcInputs, context: ExecutionContext) => {
    const tokenSource = options.tokenSource ?? tokenSourceFromEnv(env);
    if (tokenSource === undefined)
      throw new AwsLoginError(
        'aws-login: no OIDC token source; run `strata oidc init` to make Strata an issuer, or set AWS_WEB_IDENTITY_TOKEN_FILE',
        'NoTokenSource',
      );
    const identity = identityFromContext(context, {
      ...(options.org === undefined ? {} : { org: options.org }),
      ...(options.environment === undefined ? {} : { environment: options.environment }),
    });
    const subject = buildSubject(identity, oidc.subjectAttributes, context);
    const audience = options.audience ?? identity.org;
    const durationSeconds =
      oidc.duration === undefined ? DEFAULT_DURATION_SECONDS : parseDuration(oidc.duration);
    const key: CredentialCacheKey = {
      roleArn: oidc.roleArn,
      sessionName: oidc.sessionName,
      subject,
      policyArns: oidc.policyArns ?? [],
      durationSeconds,
    };

    const cached = await cache?.get(key);
    if (cached !== undefined) return cached;
    const id = JSON.stringify(key);
    const running = inFlight.get(id);
    if (running !== undefined) return running;

    const call = (async () => {
      const token = await tokenSource.token({ audience, subject });
      const attempt = describeAttempt(token, tokenSource, {
        roleArn: oidc.roleArn,
        audience,
        subject,
        durationSeconds,
        endpoint,
      });
      let credentials: AwsCredentials;
      try {
        credentials = await sts.assumeRoleWithWebIdentity({
          roleArn: oidc.roleArn,
          sessionName: oidc.sessionName,
          token,
          durationSeconds,
          policyArns: key.policyArns,
        });
      } catch (error) {
        throw explainStsError(error, attempt);
      }
      // A failed cache write costs only the reuse.
      await cache?.put(key, credentials).catch(() => undefined);
      return credentials;
    })();
    inFlight.set(id, call);
    try {
      return await call;
    } finally {
      inFlight.delete(id);
    }
  };

  return {
    schema: () => AWS_LOGIN_SCHEMAS,
    async open(inputs: PlainValue, context: ExecutionContext): Promise<ProviderOutput> {
      const parsed = inputsSchema.safeParse(inputs, messages);
      if (!parsed.success)
        throw new AwsLoginError(
          'aws-login: give exactly one of static: {accessKeyId, secretAccessKey} or oidc: {roleArn, sessionName}',
          'InvalidInputs',
        );
      if ('static' in parsed.data) {
        const s = parsed.data.static;
        return {
          accessKeyId: new SecretOutput(s.accessKeyId),
          secretAccessKey: new SecretOutput(s.secretAccessKey),
          ...(s.sessionToken === undefined
            ? {}
            : { sessionToken: new SecretOutput(s.sessionToken) }),
        };
      }
      const c = await loginOidc(parsed.data.oidc, context);
      options.logins?.remember(c.accessKeyId, parsed.data.oidc.roleArn);
      return {
        accessKeyId: new SecretOutput(c.accessKeyId),
        secretAccessKey: new SecretOutput(c.secretAccessKey),
        sessionToken: new SecretOutput(c.sessionToken),
        expiration: c.expiration,
      };
    },
  };
}

/** The issuer, audience and subject actually sent (read from the token when it is a JWT). */
function describeAttempt(
  token: string,
  source: TokenSource,
  requested: Omit<LoginAttempt, 'issuer'>,
): LoginAttempt {
  try {
    const claims = decodeJwt(token);
    const aud = Array.isArray(claims.aud) ? claims.aud.join(',') : claims.aud;
    return {
      ...requested,
      issuer: claims.iss ?? source.issuer,
      audience: aud ?? requested.audience,
      subject: claims.sub ?? requested.subject,
    };
  } catch {
    return { ...requested, issuer: source.issuer };
  }
}
