import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentsService, ProviderRegistry, SecretKeyring, Store } from '@strata/core';
import {
  createEnvironmentsService,
  createKeyring,
  loadMasterKey,
  resolveDataDir,
} from '@strata/core';
import type { BackendSpec } from './backend/backend-url.js';
import { formatBackendUrl, openStore, parseBackendUrl } from './backend/backend-url.js';
import type { CliIo } from './cli-io.js';
import type { CliConfig } from './config.js';
import { readConfig } from './config.js';
import { createProviders } from './providers.js';
import { DEFAULT_LIMIT, parseSize } from './input-limit.js';

/** An open backend plus who is acting: what commands work with. */
export interface Session {
  readonly backend: BackendSpec;
  readonly store: Store;
  readonly service: EnvironmentsService;
  /** The keyring the service encrypts with (the OIDC issuer's key is kept with it). */
  readonly keyring: SecretKeyring;
  /** Recorded on revisions, tag moves and audit events. */
  readonly actor: string;
  readonly org: string;
  /** Providers for `fn::open::*` and rotators (see providers.ts). */
  readonly providers: ProviderRegistry;
  close(): Promise<void>;
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

export async function openSession(
  io: CliIo,
  org: string,
  options: SessionOptions = {},
): Promise<Session> {
  const maxDefinitionBytes =
    options.maxDefinitionSize === undefined ? DEFAULT_LIMIT : parseSize(options.maxDefinitionSize);
  const config = await readConfig(io.env);
  const { spec } = resolveBackend(io, config);
  const actor = resolveIdentity(io, config);
  const masterKey = await loadMasterKey({ env: io.env });
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
    store,
    service,
    keyring,
    actor,
    org,
    providers,
    close: () => store.close(),
  };
}

export { formatBackendUrl };
