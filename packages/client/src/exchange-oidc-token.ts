// OIDC token exchange from the client side, as `esc login --oidc-token` does it: a form POST of
// the ID token to the server's /api/oauth/token, answered with a short-lived access token.

import { AuthenticationError } from '@strata/core';
import { fetchServer } from './server-request.js';

export interface OidcExchangeOptions {
  /** The server, `https://host[:port]`. */
  readonly url: string;
  /** The ID token (a JWT) from the CI system. */
  readonly idToken: string;
  readonly org: string;
  /** Ask for a team token of this team, or a personal token of this user; else an org token. */
  readonly team?: string | undefined;
  readonly user?: string | undefined;
  /** Seconds the token should live (the server may shorten it); the server's default if absent. */
  readonly expirationSeconds?: number | undefined;
  readonly fetch?: typeof fetch;
}

export interface ExchangedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
  /** `organization`, `team` or `personal`. */
  readonly kind: string;
}

const TOKEN_TYPE = 'urn:pulumi:token-type:access_token:';

export async function exchangeOidcToken(options: OidcExchangeOptions): Promise<ExchangedToken> {
  const kind =
    options.team !== undefined ? 'team' : options.user !== undefined ? 'personal' : 'organization';
  const form = new URLSearchParams({
    audience: `urn:pulumi:org:${options.org}`,
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
    requested_token_type: `${TOKEN_TYPE}${kind}`,
    subject_token: options.idToken,
    scope:
      options.team !== undefined
        ? `team:${options.team}`
        : options.user !== undefined
          ? `user:${options.user}`
          : '',
    ...(options.expirationSeconds === undefined
      ? {}
      : { expiration: String(options.expirationSeconds) }),
  });
  const response = await fetchServer(options, '/api/oauth/token', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'strata-client/0.1',
    },
    body: form.toString(),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: unknown;
    expires_in?: unknown;
    issued_token_type?: unknown;
    error?: unknown;
    error_description?: unknown;
  };
  if (response.ok && typeof body.access_token === 'string')
    return {
      token: body.access_token,
      expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : 0,
      kind:
        typeof body.issued_token_type === 'string' && body.issued_token_type.startsWith(TOKEN_TYPE)
          ? body.issued_token_type.slice(TOKEN_TYPE.length)
          : kind,
    };
  const reason =
    typeof body.error_description === 'string' ? body.error_description : `HTTP ${response.status}`;
  const code = typeof body.error === 'string' ? `${body.error}: ` : '';
  throw new AuthenticationError(`the server refused the OIDC token (${code}${reason})`);
}
