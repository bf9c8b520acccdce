import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  Accounts,
  Authorizer,
  ConsoleSessions,
  NotFoundError,
  Teams,
  type DocumentStore,
  type IdTokenVerifier,
  type EnvironmentsService,
} from '@strata/core';
import { recordRefusedToken } from './audit-authentication.js';
import { createAuthenticator, type AuthFailureLimit } from './authenticate.js';
import { createConsoleAuthenticator } from './console/authenticate-console.js';
import { registerConsole } from './console/register-console.js';
import { sendError } from './http-errors.js';
import { registerDefinitionRoutes } from './routes/definitions.js';
import { registerEnvironmentTagRoutes } from './routes/environment-tags.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerOpenRoutes } from './routes/open.js';
import { registerRevisionRoutes } from './routes/revisions.js';
import { registerSettingsRoutes } from './routes/settings.js';
import { registerStrataApiRoutes } from './routes/strata-api.js';
import { registerAuditLogRoutes } from './routes/audit-logs.js';
import { registerMachineTokenRoutes } from './routes/machine-tokens.js';
import { registerOidcRoutes, TOKEN_EXCHANGE_ROUTE } from './routes/oidc.js';
import { registerTeamRoutes } from './routes/teams.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerUserAdminRoutes } from './routes/users.js';
import { registerUserRoutes } from './routes/user.js';
import type { ServerContext } from './server-context.js';

export interface CreateServerOptions {
  readonly service: EnvironmentsService;
  /** Where users, organizations, tokens and console sessions are kept (the service's store). */
  readonly documents: DocumentStore;
  /**
   * Fastify's logger: pino options, `false` for none. One JSON line per request (id, method,
   * route, status, duration, caller); never a header, a body or a query.
   */
  readonly logger?: FastifyServerOptions['logger'];
  /** The largest request body, in bytes; the service's definition limit plus room if absent. */
  readonly bodyLimit?: number;
  /** How long a request may take, in milliseconds; 60 s if absent. */
  readonly requestTimeoutMs?: number;
  /** Failed authentications per address before 429; 20 a minute if absent. */
  readonly authFailures?: AuthFailureLimit;
  readonly now?: () => Date;
  /** How 503 answers and `/readyz` name the store (its URL without credentials): `s3://envs/team`. */
  readonly storeName?: string;
  /** Serve HTTPS directly with this certificate and key (PEM). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /**
   * Behind a reverse proxy: the proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` to believe
   * (addresses or CIDR ranges), so logs and the failed-authentication limit see the client's
   * address rather than the proxy's. None by default: the header is anyone's to forge.
   */
  readonly trustProxy?: readonly string[] | undefined;
  /** Serve the web console built into this folder (@strata/web's dist) at `/`. */
  readonly consoleDir?: string | undefined;
  /** How ID tokens of OIDC issuers are checked for token exchange; `jose` with discovery if absent. */
  readonly idTokenVerifier?: IdTokenVerifier | undefined;
}

/**
 * The Strata server: ESC's HTTP API over the environments service. It translates HTTP into
 * service calls and back and decides nothing itself: the service, the accounts and the
 * authorizer of `@strata/core` do. Testable with `inject`; `startServer` listens.
 */
export async function createServer(options: CreateServerOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const accounts = new Accounts(options.documents, { now });
  const teams = new Teams(options.documents, accounts, { now });
  const { service } = options;
  const ctx: ServerContext = {
    service,
    accounts,
    teams,
    authorizer: new Authorizer({
      accounts,
      teams,
      creatorOf: async (env) => {
        try {
          return (await service.getEnvironment(env)).createdBy;
        } catch (error) {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }
      },
    }),
    storeName: options.storeName === undefined ? 'the store' : `the store ${options.storeName}`,
  };
  const app = Fastify({
    ...(options.tls === undefined
      ? {}
      : { https: { cert: options.tls.cert, key: options.tls.key } }),
    logger: options.logger ?? false,
    ...(options.trustProxy === undefined ? {} : { trustProxy: [...options.trustProxy] }),
    // The onResponse hook below writes the one line per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? options.service.maxDefinitionBytes + 64 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 60_000,
    connectionTimeout: options.requestTimeoutMs ?? 60_000,
    return503OnClosing: true,
    // Errors the router raises before any route (a parameter too long, a bad URL) get our body.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply, ctx.storeName),
    // The SDK asks for `open//{id}` (esc-api.md §5); collapse duplicate slashes.
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 500 },
  });

  // Every body is read as text: esc labels YAML `application/json`, the SDK posts an empty form;
  // routes parse JSON themselves, checked with zod.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  // Closing writes the audit chains' heads the service holds back (before the host closes the store).
  app.addHook('onClose', async () => {
    await options.service.flush();
  });

  app.setErrorHandler((error, request, reply) => sendError(error, request, reply, ctx.storeName));
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ code: 404, message: `no such route: ${request.method} ${routeOf(request.url)}` }),
  );

  const authenticate = createAuthenticator(
    accounts,
    options.authFailures ?? { max: 20, windowMs: 60_000 },
  );
  const consoleSessions = new ConsoleSessions(options.documents, accounts, { now });
  const authenticateConsole = createConsoleAuthenticator(consoleSessions);
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    // The health checks, and the token exchange, whose ID token is its credential.
    if (route === '/healthz' || route === '/readyz' || route === TOKEN_EXCHANGE_ROUTE) return;
    if (await authenticateConsole(request, reply)) return;
    try {
      await authenticate(request, reply);
    } catch (error) {
      // Audited as well as refused; a log that cannot take it must not turn 401 into 503.
      await recordRefusedToken(ctx, request, error).catch((failure: unknown) =>
        request.log.error({ err: failure }, 'a refused authentication could not be audited'),
      );
      throw error;
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        reqId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        caller: request.principal?.login,
        token: request.principal?.token.name,
      },
      'request',
    );
  });

  registerHealthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerDefinitionRoutes(app, ctx);
  registerOpenRoutes(app, ctx);
  registerRevisionRoutes(app, ctx);
  registerEnvironmentTagRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerStrataApiRoutes(app, ctx);
  registerTokenRoutes(app, ctx);
  registerUserAdminRoutes(app, ctx);
  registerTeamRoutes(app, ctx);
  registerMachineTokenRoutes(app, ctx);
  registerAuditLogRoutes(app, ctx);
  registerOidcRoutes(app, ctx, {
    documents: options.documents,
    verifier: options.idTokenVerifier,
    now,
  });
  registerConsole(app, ctx, { sessions: consoleSessions, dir: options.consoleDir });
  await app.ready();
  return app;
}

/** A URL's path, without its query, clipped: what an error about it may repeat. */
function routeOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}...` : path;
}
