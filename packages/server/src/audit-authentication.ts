import type { FastifyRequest } from 'fastify';
import { AuthenticationError, orgEnvironment } from '@strata/core';
import { HttpError } from './http-errors.js';
import type { ServerContext } from './server-context.js';

/** What Accounts.authenticate tells the audit log about a refused token, when it is one of ours. */
interface RefusedToken {
  readonly reason?: string;
  readonly subject?: { tokenId: string; login: string; org?: string };
}

/**
 * Records a refused authentication in the audit log of the organizations it concerns: the one
 * the path names (when it exists), else the token's own (a team or organization token's, a
 * personal token's user's). A token that is none of ours on a path that names no organization
 * is in the request log only: nobody's log would hold it. Never the token itself.
 */
export async function recordRefusedToken(
  ctx: ServerContext,
  request: FastifyRequest,
  error: unknown,
): Promise<void> {
  if (error instanceof HttpError && error.status !== 401) return; // 429: already refused
  if (!(error instanceof AuthenticationError) && !(error instanceof HttpError)) return;
  const refused = error as RefusedToken;
  const subject = refused.subject;
  const params = request.params as { org?: unknown } | undefined;
  const orgs = new Set<string>();
  if (typeof params?.org === 'string' && (await ctx.authorizer.orgAccess(params.org)) !== undefined)
    orgs.add(params.org);
  else if (subject?.org !== undefined) orgs.add(subject.org);
  else if (subject !== undefined)
    for (const m of await ctx.accounts.orgsOf(subject.login)) orgs.add(m.org.name);
  for (const org of orgs)
    await ctx.service.recordAudit({
      action: 'authenticate',
      env: orgEnvironment(org),
      actor: subject?.login ?? 'anonymous',
      revision: null,
      details: {
        outcome: 'denied',
        reason: refused.reason ?? (error instanceof HttpError ? 'no access token' : 'refused'),
        sourceIP: request.ip,
        ...(subject === undefined ? {} : { tokenId: subject.tokenId }),
      },
    });
}
