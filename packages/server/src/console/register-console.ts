// The web console's routes: its session, its preview, and (when built) its pages.

import type { FastifyInstance } from 'fastify';
import type { ConsoleSessions } from '@strata/core';
import type { ServerContext } from '../server-context.js';
import { registerConsoleAssetRoutes } from './asset-routes.js';
import { registerConsolePreviewRoutes } from './preview-routes.js';
import { registerConsoleSessionRoutes } from './session-routes.js';

export function registerConsole(
  app: FastifyInstance,
  ctx: ServerContext,
  options: { sessions: ConsoleSessions; dir: string | undefined },
): void {
  registerConsoleSessionRoutes(app, ctx, options.sessions);
  registerConsolePreviewRoutes(app, ctx);
  if (options.dir !== undefined) registerConsoleAssetRoutes(app, options.dir);
}
