// Liveness and readiness, without authentication.

import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

export function registerHealthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/healthz', () => ({ status: 'ok' }));

  // Ready when the store answers: one small listing.
  app.get('/readyz', async (request, reply) => {
    try {
      await ctx.service.listEnvironments({ limit: 1 });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'store unreachable');
      const reason = error instanceof Error ? error.message : String(error);
      return reply
        .status(503)
        .send({ code: 503, message: `${ctx.storeName} is unreachable: ${reason}` });
    }
  });
}
