// Personal access tokens, with ESC's shapes (access-control.md §2.3): shown once at creation,
// listed without their value, revoked by id.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TokenInfo } from '@strata/core';
import type { ServerContext } from '../server-context.js';
import { adminFor, jsonBody, principalOf } from './_request.js';

const createBody = z.object({
  name: z.string().max(100).optional(),
  description: z.string().max(1000).optional(),
  /** Unix seconds; 0 or absent for never. */
  expires: z.number().int().nonnegative().optional(),
});

const seconds = (iso: string | null): number =>
  iso === null ? 0 : Math.floor(Date.parse(iso) / 1000);

/** ESC's AccessToken: every kind of token as listed, never its value. */
export function tokenJson(token: TokenInfo) {
  return {
    id: token.id,
    name: token.name,
    description: token.description ?? '',
    created: token.createdAt,
    lastUsed: seconds(token.lastUsedAt),
    expires: seconds(token.expiresAt),
    admin: token.role === 'admin',
    createdBy: token.createdBy,
    ...(token.role === undefined
      ? {}
      : { role: { id: token.role, name: token.role, defaultIdentifier: token.role } }),
    type: token.kind,
  };
}

export function registerTokenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/user/tokens', async (request) => {
    const tokens = await ctx.accounts.listTokens(principalOf(request).login);
    return { tokens: tokens.map(tokenJson) };
  });

  app.post('/api/user/tokens', async (request) => {
    const body = jsonBody(request, createBody);
    const { token, info } = await adminFor(ctx, request).createPersonalToken({
      name: body.name ?? body.description ?? 'token',
      ...(body.expires === undefined || body.expires === 0
        ? {}
        : { expiresAt: new Date(body.expires * 1000) }),
    });
    return { id: info.id, tokenValue: token };
  });

  app.delete<{ Params: { id: string } }>('/api/user/tokens/:id', async (request, reply) => {
    await ctx.accounts.revokeToken(principalOf(request).login, request.params.id);
    return reply.status(204).send();
  });
}
