// OIDC token exchange (RFC 8693, as ESC's /api/oauth/token takes it: access-control.md §3): a CI
// job trades an ID token from an issuer its organization trusts for a short-lived Strata token,
// with no stored secret. Each refusal names the check that failed, in OAuth2's terms.

import type { Accounts, TokenInfo } from '../accounts/accounts.js';
import { NotFoundError } from '../errors.js';
import type { AuditEntry } from '../service/audit-log.js';
import { orgEnvironment } from './authorized-service.js';
import { decodeJwtPayload } from './decode-jwt.js';
import type { OidcIssuerRecord, OidcIssuers } from './oidc-issuers.js';
import { decideExchange, type ExchangeTarget, type ExchangeTokenType } from './oidc-policy.js';
import type { Teams } from './teams.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const ACCESS_TOKEN_TYPE = 'urn:pulumi:token-type:access_token:';
const AUDIENCE_PREFIX = 'urn:pulumi:org:';

/**
 * The organization an exchange's audience names, `urn:pulumi:org:<org>` as ESC writes it (the
 * `audience` of the request, and the ID token's `aud` that `strata login --oidc-token` reads it
 * from); undefined for any other audience, or one that names no organization.
 */
export function orgOfAudience(audience: string): string | undefined {
  if (!audience.startsWith(AUDIENCE_PREFIX) || audience.length === AUDIENCE_PREFIX.length)
    return undefined;
  return audience.slice(AUDIENCE_PREFIX.length);
}

/** ESC's default life of an exchanged token: two hours. */
export const DEFAULT_EXCHANGE_EXPIRATION_S = 2 * 60 * 60;

/** The request's fields as the clients send them (JSON or form: all may be strings). */
export interface TokenExchangeRequest {
  readonly grant_type?: unknown;
  readonly subject_token_type?: unknown;
  readonly subject_token?: unknown;
  readonly audience?: unknown;
  readonly requested_token_type?: unknown;
  readonly scope?: unknown;
  readonly expiration?: unknown;
}

export interface TokenExchangeGrant {
  readonly access_token: string;
  readonly issued_token_type: string;
  readonly token_type: 'token';
  readonly expires_in: number;
  readonly scope: string;
  readonly refresh_token: '';
}

/** OAuth2's error codes (RFC 6749 §5.2, RFC 8693 §2.2.2), with the HTTP status to answer. */
export type TokenExchangeErrorCode =
  | 'invalid_request'
  | 'unsupported_grant_type'
  | 'invalid_target'
  | 'invalid_scope'
  | 'invalid_token'
  | 'access_denied';

const STATUS: Record<TokenExchangeErrorCode, number> = {
  invalid_request: 400,
  unsupported_grant_type: 400,
  invalid_target: 400,
  invalid_scope: 400,
  invalid_token: 401,
  access_denied: 403,
};

/** A refused exchange: `error` and `description` are what the caller reads. */
export class TokenExchangeError extends Error {
  readonly status: number;
  constructor(
    readonly error: TokenExchangeErrorCode,
    readonly description: string,
    options?: { cause?: unknown },
  ) {
    super(description, options);
    this.name = 'TokenExchangeError';
    this.status = STATUS[error];
  }
}

/** Which check of an ID token failed. */
export type IdTokenCheck = 'signature' | 'expired' | 'audience' | 'keys' | 'malformed';

/** Thrown by an IdTokenVerifier: the check that failed and why. */
export class IdTokenRejected extends Error {
  constructor(
    readonly check: IdTokenCheck,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdTokenRejected';
  }
}

/**
 * Verifies an ID token's signature (with the issuer's keys: its static JWKS, or those its
 * discovery document names), its expiry and its audience; returns its claims. The host provides
 * it (the server, with `jose`): core has no JOSE of its own.
 */
export interface IdTokenVerifier {
  verify(
    token: string,
    issuer: OidcIssuerRecord,
    audience: string,
  ): Promise<Readonly<Record<string, unknown>>>;
}

/** What an exchange did, for the audit log: whose token, from which issuer, for what. */
export interface TokenExchangeOutcome {
  readonly grant: TokenExchangeGrant;
  readonly org: string;
  readonly issuer: OidcIssuerRecord;
  readonly token: TokenInfo;
  readonly subject: string;
}

/** What an exchange needs: who is who, which issuers are trusted, how tokens are verified. */
export interface TokenExchangeDependencies {
  readonly accounts: Accounts;
  readonly teams: Teams;
  readonly issuers: OidcIssuers;
  readonly verifier: IdTokenVerifier;
  /** The service's audit log: every exchange, allowed or refused, is an event of its org. */
  readonly recordAudit: (entry: AuditEntry) => Promise<void>;
  readonly now?: () => Date;
}

export class TokenExchange {
  private readonly accounts: Accounts;
  private readonly teams: Teams;
  private readonly issuers: OidcIssuers;
  private readonly verifier: IdTokenVerifier;
  private readonly now: () => Date;

  constructor(private readonly deps: TokenExchangeDependencies) {
    ({ accounts: this.accounts, teams: this.teams, issuers: this.issuers } = deps);
    this.verifier = deps.verifier;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Exchanges an ID token for a Strata token, or throws TokenExchangeError saying which check
   * failed. Both are recorded in the audit log of the organization asked for, when it exists (a
   * request whose event cannot be recorded fails, and its token is never shown).
   */
  async exchange(
    request: TokenExchangeRequest,
    source: { readonly address?: string } = {},
  ): Promise<TokenExchangeOutcome> {
    const seen: { org?: string; issuer?: OidcIssuerRecord } = {};
    const from: Record<string, string> =
      source.address === undefined ? {} : { address: source.address };
    try {
      const outcome = await this.attempt(request, seen);
      await this.deps.recordAudit({
        action: 'token-exchange',
        env: orgEnvironment(outcome.org),
        actor: outcome.token.login,
        revision: null,
        details: {
          outcome: 'allowed',
          issuer: outcome.issuer.id,
          subject: outcome.subject,
          tokenId: outcome.token.id,
          tokenName: outcome.token.name,
          tokenType: outcome.token.kind,
          ...from,
        },
      });
      return outcome;
    } catch (error) {
      if (error instanceof TokenExchangeError && seen.org !== undefined)
        await this.deps.recordAudit({
          action: 'token-exchange',
          env: orgEnvironment(seen.org),
          actor: seen.issuer === undefined ? 'anonymous' : `oidc:${seen.issuer.id}`,
          revision: null,
          details: {
            outcome: 'denied',
            error: error.error,
            reason: error.description,
            ...(seen.issuer === undefined ? {} : { issuer: seen.issuer.id }),
            ...from,
          },
        });
      throw error;
    }
  }

  private async attempt(
    request: TokenExchangeRequest,
    seen: { org?: string; issuer?: OidcIssuerRecord },
  ): Promise<TokenExchangeOutcome> {
    const grantType = text(request.grant_type);
    if (grantType !== TOKEN_EXCHANGE_GRANT)
      throw new TokenExchangeError(
        'unsupported_grant_type',
        `grant_type must be ${TOKEN_EXCHANGE_GRANT}`,
      );
    if (text(request.subject_token_type) !== ID_TOKEN_TYPE)
      throw new TokenExchangeError(
        'invalid_request',
        `subject_token_type must be ${ID_TOKEN_TYPE}`,
      );
    const subjectToken = text(request.subject_token);
    if (subjectToken === undefined || subjectToken === '')
      throw new TokenExchangeError('invalid_request', 'subject_token (the ID token) is missing');
    const audience = text(request.audience) ?? '';
    const org = orgOfAudience(audience);
    if (org === undefined)
      throw new TokenExchangeError(
        'invalid_target',
        `audience must be ${AUDIENCE_PREFIX}<organization>`,
      );
    const target = parseTarget(text(request.requested_token_type), text(request.scope) ?? '');
    const lifetime = parseExpiration(request.expiration);

    let unverified: Readonly<Record<string, unknown>>;
    try {
      unverified = decodeJwtPayload(subjectToken);
    } catch (error) {
      throw new TokenExchangeError('invalid_token', 'subject_token is not a JWT', { cause: error });
    }
    const iss = typeof unverified['iss'] === 'string' ? unverified['iss'] : '';
    // The same answer whether the organization exists or not.
    if (await this.orgExists(org)) seen.org = org;
    const issuer = seen.org === undefined ? undefined : await this.issuers.findByUrl(org, iss);
    seen.issuer = issuer;
    if (issuer === undefined)
      throw new TokenExchangeError(
        'invalid_token',
        `the issuer ${JSON.stringify(iss)} is not trusted by organization ${org}`,
      );

    let claims: Readonly<Record<string, unknown>>;
    try {
      claims = await this.verifier.verify(subjectToken, issuer, audience);
    } catch (error) {
      if (error instanceof IdTokenRejected)
        throw new TokenExchangeError('invalid_token', `${error.check}: ${error.message}`, {
          cause: error,
        });
      throw error;
    }

    const decision = decideExchange(issuer.policies, target, claims);
    if (decision !== 'allow')
      throw new TokenExchangeError(
        'access_denied',
        decision === 'deny'
          ? `a policy of issuer ${issuer.name} denies ${describe(target)} to this token`
          : `no policy of issuer ${issuer.name} allows ${describe(target)} to this token`,
      );
    await this.requireSubject(org, target);

    const expiresIn = Math.min(lifetime, issuer.maxExpiration);
    const subject = typeof claims['sub'] === 'string' ? claims['sub'] : '';
    const { token, info } = await this.accounts.issueToken({
      subject:
        target.tokenType === 'personal'
          ? { kind: 'personal', login: target.user! }
          : target.tokenType === 'team'
            ? { kind: 'team', org, team: target.team! }
            : {
                kind: 'organization',
                org,
                role: target.permission === 'admin' ? 'admin' : 'member',
              },
      name: `oidc ${issuer.name}`.slice(0, 40),
      description: `exchanged for an ID token of ${issuer.url} (sub ${subject})`.slice(0, 1000),
      by: `oidc:${issuer.id}`,
      expiresAt: new Date(this.now().getTime() + expiresIn * 1000),
    });
    return {
      grant: {
        access_token: token,
        issued_token_type: `${ACCESS_TOKEN_TYPE}${target.tokenType}`,
        token_type: 'token',
        expires_in: expiresIn,
        scope: text(request.scope) ?? '',
        refresh_token: '',
      },
      org,
      issuer,
      token: info,
      subject,
    };
  }

  private async orgExists(org: string): Promise<boolean> {
    try {
      await this.accounts.getOrg(org);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** A policy allowed it: the team, or the user as a member of the org, must still exist. */
  private async requireSubject(org: string, target: ExchangeTarget): Promise<void> {
    try {
      if (target.tokenType === 'team') await this.teams.get(org, target.team!);
      if (target.tokenType === 'personal') {
        const record = await this.accounts.getOrg(org);
        if (record.members[target.user!] === undefined) throw new NotFoundError('not a member');
      }
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new TokenExchangeError(
        'invalid_scope',
        `${describe(target)} does not exist in organization ${org}`,
      );
    }
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseTarget(requested: string | undefined, scope: string): ExchangeTarget {
  const type = requested?.startsWith(ACCESS_TOKEN_TYPE)
    ? requested.slice(ACCESS_TOKEN_TYPE.length)
    : undefined;
  if (type !== 'organization' && type !== 'team' && type !== 'personal')
    throw new TokenExchangeError(
      'invalid_request',
      `requested_token_type must be ${ACCESS_TOKEN_TYPE}organization, team or personal`,
    );
  const tokenType: ExchangeTokenType = type;
  if (tokenType === 'organization') {
    if (scope !== '' && scope !== 'admin')
      throw new TokenExchangeError(
        'invalid_scope',
        'an organization token takes the scope "" or "admin"',
      );
    return { tokenType, permission: scope === 'admin' ? 'admin' : 'standard' };
  }
  const prefix = tokenType === 'team' ? 'team:' : 'user:';
  if (!scope.startsWith(prefix) || scope.length === prefix.length)
    throw new TokenExchangeError(
      'invalid_scope',
      `a ${tokenType} token takes the scope ${prefix}<${tokenType === 'team' ? 'team' : 'login'}>`,
    );
  const name = scope.slice(prefix.length);
  return tokenType === 'team' ? { tokenType, team: name } : { tokenType, user: name };
}

/** Seconds: a JSON number (auth-actions) or a decimal string (the CLIs' form bodies). */
function parseExpiration(value: unknown): number {
  if (value === undefined || value === '' || value === null) return DEFAULT_EXCHANGE_EXPIRATION_S;
  const seconds = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1)
    throw new TokenExchangeError('invalid_request', 'expiration is a whole number of seconds');
  return seconds;
}

function describe(target: ExchangeTarget): string {
  switch (target.tokenType) {
    case 'team':
      return `a token of team ${target.team}`;
    case 'personal':
      return `a token of user ${target.user}`;
    case 'organization':
      return target.permission === 'admin'
        ? 'an admin organization token'
        : 'an organization token';
  }
}
