import { ProviderInputError } from '@strata/core';

/** The credentials a provider signs with: aws-login's outputs, as `login: ${aws.login}` passes them. */
export interface LoginCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** ISO-8601, when the login says. */
  readonly expiration?: string | undefined;
}

/**
 * Reads the `login` input, refusing credentials that have expired (each problem at its input):
 * opening again makes aws-login issue new ones.
 */
export function readLogin(provider: string, login: unknown, now: Date): LoginCredentials {
  const record = (login ?? {}) as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof record[key] === 'string' && record[key] !== '' ? record[key] : undefined;
  const accessKeyId = text('accessKeyId');
  const secretAccessKey = text('secretAccessKey');
  if (accessKeyId === undefined || secretAccessKey === undefined)
    throw ProviderInputError.at(
      ['login'],
      `${provider}: login needs accessKeyId and secretAccessKey; pass aws-login's output, e.g. login: \${aws.login}`,
    );
  const expiration = text('expiration');
  if (expiration !== undefined) {
    const expires = Date.parse(expiration);
    if (Number.isFinite(expires) && expires <= now.getTime())
      throw ProviderInputError.at(
        ['login', 'expiration'],
        `${provider}: the login's credentials expired at ${expiration}; open the environment again so aws-login issues new ones (or lengthen its duration)`,
      );
  }
  const sessionToken = text('sessionToken');
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
    ...(expiration === undefined ? {} : { expiration }),
  };
}

/** The credentials as the AWS SDK takes them (static: no lookup of the machine's own). */
export function sdkCredentials(c: LoginCredentials): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
  };
}
