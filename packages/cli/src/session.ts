import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentsApi, MasterKey, SecretKeyring, Store } from '@strata/core';
import type { RemoteService } from '@strata/client';
import {
  createEnvironmentsService,
  createKeyring,
  loadMasterKey,
  resolveDataDir,
} from '@strata/core';
import type { BackendSpec, ServerLocation } from './backend/backend-url.js';
import { formatBackendUrl, isServer, openStore, parseBackendUrl } from './backend/backend-url.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import type { CliConfig } from './config.js';
import { readConfig } from './config.js';
import { createProviders } from './providers.js';
import { MASTER_KEY_SOURCES } from './master-key-sources.js';
import { DEFAULT_LIMIT, parseSize } from './input-limit.js';

/**
 * An open backend plus who is acting: what commands work with. The service is the same interface
 * whether it runs here, over a store, or on a server the CLI is logged in to.
 */
export interface Session {
  readonly backend: BackendSpec;
  readonly service: EnvironmentsApi;
  /**
   * The keyring the service encrypts with (the OIDC issuer's key is kept with it); undefined when
   * logged in to a server, which holds the keys.
   */
  readonly keyring: SecretKeyring | undefined;
  /** Recorded on revisions, tag moves and audit events (on a server: whom the token belongs to). */
  readonly actor: string;
  readonly org: string;
  /** The access token this session's requests carry, when logged in to a server. */
  readonly token?: string | undefined;
  /** The server, when logged in to one: its accounts (tokens, users) and who we are there. */
  readonly remote?: RemoteService | undefined;
  /** On a local backend: its store and the master key the keyring wraps data keys with. */
  readonly local?: { readonly store: Store; readonly masterKey: MasterKey } | undefined;
  close(): Promise<void>;
}

/** The server this session is logged in to, or a clear refusal on a store backend. */
export function remoteOf(session: Session, command: string): RemoteService {
  if (session.remote !== undefined) return session.remote;
  throw new CliError(
    `${command} needs a Strata server: users and tokens live there`,
    'log in to one first: strata login https://host[:port]',
    EXIT.USAGE,
  );
}

/** The local keyring, or a clear refusal for commands that need one when logged in to a server. */
export function localKeyring(session: Session, command: string): SecretKeyring {
  if (session.keyring !== undefined) return session.keyring;
  throw new CliError(
    `${command} works on a local backend; the server keeps its own keys`,
    'run it where the server runs, against its store (strata --backend <store-url>)',
    EXIT.USAGE,
  );
}

/** The local store and master key, or a clear refusal when logged in to a server. */
export function localBackend(
  session: Session,
  command: string,
): { readonly store: Store; readonly masterKey: MasterKey } {
  if (session.local !== undefined) return session.local;
  throw new CliError(
    `${command} works on a local backend; the server keeps its own keys`,
    'run it where the server runs, against its store (strata --backend <store-url>)',
    EXIT.USAGE,
  );
}

/** The access token for a server: STRATA_TOKEN, else the one `strata login` stored. */
export function serverToken(io: CliIo, config: CliConfig): string | undefined {
  const fromEnv = io.env['STRATA_TOKEN'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return config.token;
}

/** Which backend a command uses: STRATA_BACKEND, else the stored one, else the default file. */
export function resolveBackend(
  io: CliIo,
  config: CliConfig,
): { spec: BackendSpec; source: 'env' | 'config' | 'default' } {
  const fromEnv = io.env['STRATA_BACKEND'];
  if (fromEnv !== undefined && fromEnv !== '')
    return { spec: parseBackendUrl(fromEnv, io.cwd), source: 'env' };
  if (config.backend !== undefined)
    return { spec: parseBackendUrl(config.backend, io.cwd), source: 'config' };
  return { spec: defaultBackend(io), source: 'default' };
}

/** The default backend: `<data dir>/strata.db` (store-sqlite's default path). */
export function defaultBackend(io: CliIo): BackendSpec {
  return { scheme: 'sqlite', path: join(resolveDataDir(io.env), 'strata.db') };
}

/** The configured user name, else the OS user. */
export function resolveIdentity(io: CliIo, config: CliConfig): string {
  if (config.user !== undefined && config.user !== '') return config.user;
  try {
    return userInfo().username;
  } catch {
    return io.env['USER'] ?? io.env['USERNAME'] ?? 'unknown';
  }
}

export interface SessionOptions {
  /** `--max-definition-size` as given: the service refuses definitions larger (1 MiB if absent). */
  readonly maxDefinitionSize?: string | undefined;
}

/** `org` absent: `default` locally, the organization `strata login` chose on a server. */
export async function openSession(
  io: CliIo,
  requestedOrg: string | undefined,
  options: SessionOptions = {},
): Promise<Session> {
  const maxDefinitionBytes =
    options.maxDefinitionSize === undefined ? DEFAULT_LIMIT : parseSize(options.maxDefinitionSize);
  const config = await readConfig(io.env);
  const { spec } = resolveBackend(io, config);
  if (isServer(spec)) return openServerSession(io, spec, config, requestedOrg);
  const org = requestedOrg ?? 'default';
  const actor = resolveIdentity(io, config);
  const masterKey = await loadMasterKey({ env: io.env, sources: MASTER_KEY_SOURCES });
  const store = await openStore(spec);
  const keyring = createKeyring({ store, masterKey });
  const providers = createProviders(io, { org, keyring });
  const service = createEnvironmentsService({
    store,
    keyring,
    providers,
    defaultOrg: org,
    maxDefinitionBytes,
  });
  return {
    backend: spec,
    service,
    keyring,
    actor,
    org,
    local: { store, masterKey },
    close: async () => {
      // The audit chains' heads first: they move at most once a second while the process runs.
      try {
        await service.flush();
      } finally {
        await store.close();
      }
    },
  };
}

/** A session on a Strata server: every operation is a request (see @strata/client). */
async function openServerSession(
  io: CliIo,
  spec: ServerLocation,
  config: CliConfig,
  requestedOrg: string | undefined,
): Promise<Session> {
  const token = serverToken(io, config);
  if (token === undefined)
    throw new CliError(
      `no access token for ${spec.url}`,
      `run strata login ${spec.url}, or set STRATA_TOKEN`,
      EXIT.USAGE,
    );
  const { createRemoteService } = await import('@strata/client');
  const org = requestedOrg ?? config.org ?? 'default';
  const service = createRemoteService({ url: spec.url, token, defaultOrg: org });
  return {
    backend: spec,
    service,
    remote: service,
    keyring: undefined,
    actor: config.user ?? 'unknown',
    org,
    token,
    close: () => Promise.resolve(),
  };
}

export { formatBackendUrl };
