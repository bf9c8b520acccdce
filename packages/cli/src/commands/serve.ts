// `strata serve`: the server over a store, with the master key, providers and limits the CLI
// reads for a local backend. The server package (and Fastify) load only here.

import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Accounts, createEnvironmentsService, createKeyring, loadMasterKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import { MASTER_KEY_SOURCES } from '../master-key-sources.js';
import type { serve } from './serve.command.js';
import { formatBackendUrl, isServer, openStore, parseBackendUrl } from '../backend/backend-url.js';
import { CliError, usageError } from '../cli-error.js';
import { readConfig } from '../config.js';
import { findConsoleDir } from '../console-dir.js';
import { EXIT } from '../exit-codes.js';
import { DEFAULT_LIMIT, parseSize } from '../input-limit.js';
import { createProviders } from '../providers.js';
import { resolveBackend } from '../session.js';

export async function execute(ctx: CommandContext<typeof serve>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('serve takes no arguments');
  const { host, port } = parseListen(ctx.flags.listen ?? '127.0.0.1:8080');
  const tls = readTls(ctx.flags['tls-cert'], ctx.flags['tls-key']);
  const trustProxy = parseTrustProxy(ctx.flags['trust-proxy']);
  const config = await readConfig(ctx.io.env);
  const spec =
    ctx.flags.backend === undefined
      ? resolveBackend(ctx.io, config).spec
      : parseBackendUrl(ctx.flags.backend, ctx.io.cwd);
  if (isServer(spec))
    throw usageError(
      `strata serve needs a store, not a server (${spec.url})`,
      'pass --backend sqlite:///... or s3://...',
    );
  const org = ctx.flags.org ?? (ctx.io.env['STRATA_ORG'] || 'default');
  const size = ctx.flags['max-definition-size'];
  const masterKey = await loadMasterKey({ env: ctx.io.env, sources: MASTER_KEY_SOURCES });
  const store = await openStore(spec);
  const keyring = createKeyring({ store, masterKey });
  const service = createEnvironmentsService({
    store,
    keyring,
    providers: createProviders(ctx.io, { org, keyring }),
    defaultOrg: org,
    maxDefinitionBytes: size === undefined ? DEFAULT_LIMIT : parseSize(size),
  });

  const admin = ctx.flags['init-admin'];
  if (admin !== undefined) {
    const { token } = await new Accounts(store).initialize({ admin, org });
    ctx.err(`Created organization ${org} with admin ${admin}. The admin's token, shown once:\n`);
    ctx.out(`${token}\n`);
  }

  const { startServer } = await import('@strata/server');
  const server = await startServer({
    service,
    documents: store,
    host,
    port,
    tls,
    trustProxy,
    // The web console at `/`, when @strata/web is built.
    consoleDir: findConsoleDir(),
    // 503 answers name the store by its URL without the query (endpoint and region settings).
    storeName: formatBackendUrl(spec).replace(/\?.*$/, ''),
    // One JSON line per request on stdout (the server decides what goes in it).
    logger: { level: 'info' },
    onClose: () => store.close(),
  });
  ctx.err(`Strata server listening on ${server.url} (store ${formatBackendUrl(spec)})\n`);

  // SIGTERM or SIGINT: stop accepting, finish the requests in flight, close the store, exit 0.
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.stop().then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return EXIT.OK;
}

function parseListen(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || port > 65535)
    throw usageError(
      `invalid --listen ${JSON.stringify(text)}`,
      'use host:port, e.g. 127.0.0.1:8080',
    );
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** `10.0.0.1,10.1.0.0/16`: the proxies' addresses or ranges. */
function parseTrustProxy(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    return (
      family === 0 ||
      rest.length > 0 ||
      (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))
    );
  });
  if (bad !== undefined)
    throw usageError(
      `invalid --trust-proxy entry ${JSON.stringify(bad)}`,
      'give the proxy addresses or CIDR ranges, comma-separated (127.0.0.1,10.0.0.0/8)',
    );
  return entries;
}

function readTls(
  cert: string | undefined,
  key: string | undefined,
): { cert: Buffer; key: Buffer } | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined)
    throw usageError('--tls-cert and --tls-key go together', 'give both files, or neither');
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new CliError(
        `cannot read the TLS ${what} ${file}`,
        'check the path and its permissions',
        EXIT.ERROR,
        {
          cause: error,
        },
      );
    }
  };
  return { cert: read(cert, 'certificate'), key: read(key, 'key') };
}
