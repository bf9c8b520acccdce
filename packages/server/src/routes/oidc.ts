// OIDC for CI (access-control.md §3): the token exchange ESC's clients call (`esc login
// --oidc-token`, pulumi/auth-actions), and the issuers and policies an organization's admins
// register, with ESC's shapes. The rules are core's (TokenExchange, OidcAdmin).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  OidcAdmin,
  OidcIssuers,
  TokenExchange,
  TokenExchangeError,
  type DocumentStore,
  type IdTokenVerifier,
  type OidcIssuerRecord,
  type TokenExchangeRequest,
} from '@strata/core';
import { sendError } from '../http-errors.js';
import { createJoseVerifier } from '../oidc/verify-id-token.js';
import type { ServerContext } from '../server-context.js';
import { jsonBody, serviceFor } from './_request.js';

export interface OidcRoutesOptions {
  readonly documents: DocumentStore;
  /** How ID tokens are checked; `jose` with discovery by default. */
  readonly verifier?: IdTokenVerifier | undefined;
  readonly now?: () => Date;
}

/** The token endpoint: the one route that takes no access token. */
export const TOKEN_EXCHANGE_ROUTE = '/api/oauth/token';

const jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) });

const issuerBody = z.object({
  name: z.string(),
  url: z.string(),
  thumbprints: z.array(z.string()).optional(),
  maxExpiration: z.number().int().optional(),
  jwks: jwks.optional(),
});

const issuerPatch = z.object({
  name: z.string(),
  thumbprints: z.array(z.string()).optional(),
  maxExpiration: z.number().int().optional(),
  jwks: jwks.nullable().optional(),
});

const policy = z.object({
  decision: z.enum(['allow', 'deny']),
  tokenType: z.enum(['organization', 'team', 'personal']),
  teamName: z.string().optional(),
  userLogin: z.string().optional(),
  authorizedPermissions: z.array(z.enum(['admin', 'standard'])).optional(),
  rules: z.record(z.string(), z.string()),
});

const policiesBody = z.object({ policies: z.array(policy).min(1) });

type OrgParams = { Params: { org: string } };
type IssuerParams = { Params: { org: string; id: string } };

export function registerOidcRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: OidcRoutesOptions,
): void {
  const issuers = new OidcIssuers(options.documents, options.now);
  const exchange = new TokenExchange({
    accounts: ctx.accounts,
    teams: ctx.teams,
    issuers,
    verifier: options.verifier ?? createJoseVerifier(),
    recordAudit: (entry) => ctx.service.recordAudit(entry),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const admin = (request: FastifyRequest) => new OidcAdmin(serviceFor(ctx, request), issuers);

  app.post(TOKEN_EXCHANGE_ROUTE, async (request, reply) => {
    try {
      const outcome = await exchange.exchange(exchangeRequest(request), { address: request.ip });
      return await reply.status(200).send(outcome.grant);
    } catch (error) {
      if (!(error instanceof TokenExchangeError)) return sendError(error, request, reply);
      return oauthError(reply, error);
    }
  });

  app.get<OrgParams>('/api/orgs/:org/oidc/issuers', async (request) => ({
    oidcIssuers: (await admin(request).listIssuers(request.params.org)).map(issuerJson),
  }));

  app.post<OrgParams>('/api/orgs/:org/oidc/issuers', async (request) => {
    const body = jsonBody(request, issuerBody);
    const issuer = await admin(request).addIssuer(request.params.org, {
      name: body.name,
      url: body.url,
      maxExpiration: body.maxExpiration,
      jwks: body.jwks,
    });
    return issuerJson(issuer);
  });

  app.get<IssuerParams>('/api/orgs/:org/oidc/issuers/:id', async (request) =>
    issuerJson(await admin(request).getIssuer(request.params.org, request.params.id)),
  );

  app.patch<IssuerParams>('/api/orgs/:org/oidc/issuers/:id', async (request) => {
    const body = jsonBody(request, issuerPatch);
    const issuer = await admin(request).updateIssuer(request.params.org, request.params.id, {
      name: body.name,
      ...(body.maxExpiration === undefined ? {} : { maxExpiration: body.maxExpiration }),
      ...(body.jwks === undefined ? {} : { jwks: body.jwks }),
    });
    return issuerJson(issuer);
  });

  app.delete<IssuerParams>('/api/orgs/:org/oidc/issuers/:id', async (request, reply) => {
    await admin(request).removeIssuer(request.params.org, request.params.id);
    return reply.status(204).send();
  });

  // An issuer's policies are one AuthPolicy whose id is the issuer's.
  app.get<{ Params: { org: string; issuerId: string } }>(
    '/api/orgs/:org/auth/policies/oidcissuers/:issuerId',
    async (request) =>
      policyJson(await admin(request).getIssuer(request.params.org, request.params.issuerId)),
  );

  app.patch<{ Params: { org: string; policyId: string } }>(
    '/api/orgs/:org/auth/policies/:policyId',
    async (request) => {
      const body = jsonBody(request, policiesBody);
      const issuer = await admin(request).setPolicies(
        request.params.org,
        request.params.policyId,
        body.policies,
      );
      return policyJson(issuer);
    },
  );
}

/** JSON (auth-actions) or a form (esc login --oidc-token); anything else is neither. */
function exchangeRequest(request: FastifyRequest): TokenExchangeRequest {
  const raw = typeof request.body === 'string' ? request.body : '';
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // Answered below, in OAuth2's terms.
  }
  throw new TokenExchangeError(
    'invalid_request',
    'the body must be a JSON object or an application/x-www-form-urlencoded form',
  );
}

function oauthError(reply: FastifyReply, error: TokenExchangeError) {
  return reply.status(error.status).send({
    error: error.error,
    error_description: error.description,
  });
}

/** ESC's OidcIssuer. */
function issuerJson(issuer: OidcIssuerRecord) {
  return {
    id: issuer.id,
    name: issuer.name,
    url: issuer.url,
    issuer: issuer.url,
    thumbprints: [],
    ...(issuer.jwks === undefined ? {} : { jwks: issuer.jwks }),
    maxExpiration: issuer.maxExpiration,
    created: issuer.createdAt,
    modified: issuer.modifiedAt,
  };
}

/** ESC's AuthPolicy: one per issuer. */
function policyJson(issuer: OidcIssuerRecord) {
  return {
    id: issuer.id,
    version: issuer.policyVersion,
    created: issuer.createdAt,
    modified: issuer.modifiedAt,
    policies: issuer.policies,
  };
}
