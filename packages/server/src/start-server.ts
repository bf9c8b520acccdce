import type { FastifyInstance } from 'fastify';
import { createServer, type CreateServerOptions } from './create-server.js';

export interface StartServerOptions extends CreateServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Called once the server has stopped (to close the store). */
  readonly onClose?: () => Promise<void>;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** `http://host:port` (or https), the port resolved. */
  readonly url: string;
  /** Stops accepting, finishes the requests in flight, then runs `onClose`. */
  stop(): Promise<void>;
}

/** Creates the server and listens; `stop` (or SIGTERM, see the CLI's serve) shuts it down. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = await createServer(options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const scheme = options.tls === undefined ? 'http' : 'https';
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopping: Promise<void> | undefined;
  return {
    app,
    url: `${scheme}://${host}:${port}`,
    stop: () =>
      (stopping ??= (async () => {
        await app.close();
        await options.onClose?.();
      })()),
  };
}
