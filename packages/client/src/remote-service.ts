import {
  formatEnvironmentRef,
  fromEscValue,
  parseEnvironmentRef,
  parseEscJson,
  type EnvironmentInput,
  type EnvironmentRef,
  type EnvironmentsApi,
  type EscValue,
  type EvaluatedEnvironment,
  type RemoteOperation,
  type ResolvedRevision,
} from '@strata/core';
import { requestServer, serverBase, type ServerConnection } from './server-request.js';

export interface RemoteServiceOptions extends ServerConnection {
  /** The org of refs that name none. */
  readonly defaultOrg: string;
}

/** Who the token belongs to, as `GET /api/user` answers. */
export interface RemoteUser {
  readonly login: string;
  readonly name: string;
  readonly organizations: readonly string[];
  readonly tokenName: string;
}

/** A personal access token as the server lists it (never its value). */
export interface RemoteToken {
  readonly id: string;
  readonly name: string;
  readonly created: string;
  /** Unix seconds; 0 for never. */
  readonly lastUsed: number;
  readonly expires: number;
}

/** A user of an organization. */
export interface RemoteMember {
  readonly login: string;
  readonly name: string;
  readonly role: 'admin' | 'member';
}

/** The environments service of a Strata server, plus who the client is there and its accounts. */
export interface RemoteService extends EnvironmentsApi {
  readonly url: string;
  whoami(): Promise<RemoteUser>;
  /** A new personal token (its value is returned once). */
  createToken(input: { name: string; expiresAt?: Date }): Promise<{ id: string; token: string }>;
  listTokens(): Promise<RemoteToken[]>;
  revokeToken(id: string): Promise<void>;
  /** Adds a user to `org` (an admin's call); returns the user's first token, once. */
  addUser(input: {
    org: string;
    login: string;
    name?: string;
    role?: 'admin' | 'member';
  }): Promise<{ login: string; role: string; token: string }>;
  listUsers(org: string): Promise<RemoteMember[]>;
}

type Evaluated = Omit<EvaluatedEnvironment, 'value'> & { value: string | null; resolved?: unknown };

/**
 * The environments service of a Strata server, over `fetch`: every operation is one request to
 * Strata's API (`POST /api/strata/v1/<operation>`), and errors come back as the classes the
 * service raised, so callers cannot tell a remote service from a local one.
 */
export function createRemoteService(options: RemoteServiceOptions): RemoteService {
  const base = serverBase(options);
  const defaults = { org: options.defaultOrg };

  const request = async (method: string, path: string, body?: string): Promise<unknown> => {
    const answer = await requestServer(options, method, path, body);
    return (answer as { result?: unknown } | undefined)?.result ?? answer;
  };

  const call = (operation: RemoteOperation, ...args: unknown[]): Promise<unknown> =>
    request('POST', `/api/strata/v1/${operation}`, JSON.stringify(args));

  /** Refs and environments travel fully qualified: the server knows nothing of our default org. */
  const qualify = (value: EnvironmentInput): EnvironmentInput =>
    typeof value === 'string' ? formatEnvironmentRef(parseEnvironmentRef(value, defaults)) : value;
  const qualifyRef = (value: string | ResolvedRevision): string | ResolvedRevision =>
    typeof value === 'string' ? formatEnvironmentRef(parseEnvironmentRef(value, defaults)) : value;

  const evaluated = <T>(raw: unknown): T => {
    const result = raw as Evaluated;
    return {
      ...result,
      value:
        result.value === null ? undefined : fromEscValue(parseEscJson(result.value) as EscValue),
    } as T;
  };

  const service: RemoteService = {
    url: base,
    defaultOrg: options.defaultOrg,
    parseRef: (ref: string): EnvironmentRef => parseEnvironmentRef(ref, defaults),
    async whoami() {
      const user = (await request('GET', '/api/user')) as {
        githubLogin: string;
        name: string;
        organizations: { githubLogin: string }[];
        tokenInfo?: { name?: string };
      };
      return {
        login: user.githubLogin,
        name: user.name,
        organizations: user.organizations.map((o) => o.githubLogin),
        tokenName: user.tokenInfo?.name ?? '',
      };
    },
    async createToken(input) {
      const created = (await request(
        'POST',
        '/api/user/tokens',
        JSON.stringify({
          name: input.name,
          ...(input.expiresAt === undefined
            ? {}
            : { expires: Math.floor(input.expiresAt.getTime() / 1000) }),
        }),
      )) as { id: string; tokenValue: string };
      return { id: created.id, token: created.tokenValue };
    },
    async listTokens() {
      return ((await request('GET', '/api/user/tokens')) as { tokens: RemoteToken[] }).tokens;
    },
    async revokeToken(id) {
      await request('DELETE', `/api/user/tokens/${encodeURIComponent(id)}`);
    },
    async addUser(input) {
      const added = (await request(
        'POST',
        `/api/strata/v1/orgs/${encodeURIComponent(input.org)}/users`,
        JSON.stringify({
          login: input.login,
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.role === undefined ? {} : { role: input.role }),
        }),
      )) as { login: string; role: string; token: { value: string } };
      return { login: added.login, role: added.role, token: added.token.value };
    },
    async listUsers(org) {
      return (
        (await request('GET', `/api/strata/v1/orgs/${encodeURIComponent(org)}/users`)) as {
          users: RemoteMember[];
        }
      ).users;
    },
    createEnvironment: async (env, o) =>
      (await call('createEnvironment', qualify(env), { definition: o.definition })) as never,
    getEnvironment: async (env) => (await call('getEnvironment', qualify(env))) as never,
    listEnvironments: async (o = {}) =>
      (await call('listEnvironments', { ...o, org: o.org ?? options.defaultOrg })) as never,
    resolve: async (ref) =>
      (await call(
        'resolve',
        typeof ref === 'string' ? qualifyRef(ref) : formatEnvironmentRef(ref),
      )) as never,
    readDefinition: async (ref, o = {}) =>
      (await call('readDefinition', qualifyRef(ref), o)) as never,
    updateDefinition: async (env, definition, o) =>
      (await call('updateDefinition', qualify(env), definition, { basedOn: o.basedOn })) as never,
    rollback: async (env, revision, o) =>
      (await call('rollback', qualify(env), revision, { basedOn: o.basedOn })) as never,
    listRevisions: async (env, o = {}) => (await call('listRevisions', qualify(env), o)) as never,
    tagRevision: async (env, tag, revision, o) =>
      (await call('tagRevision', qualify(env), tag, revision, {
        ...(o.expect === undefined ? {} : { expect: o.expect }),
      })) as never,
    untagRevision: async (env, tag) => {
      await call('untagRevision', qualify(env), tag);
    },
    getTag: async (env, tag) => (await call('getTag', qualify(env), tag)) as never,
    listTags: async (env, o = {}) => (await call('listTags', qualify(env), o)) as never,
    retractRevision: async (env, revision, o) =>
      (await call('retractRevision', qualify(env), revision, {
        ...(o.reason === undefined ? {} : { reason: o.reason }),
        ...(o.replacement === undefined ? {} : { replacement: o.replacement }),
      })) as never,
    setDeletionProtection: async (env, on) => {
      await call('setDeletionProtection', qualify(env), on);
    },
    updateLabels: async (env, changes) =>
      (await call('updateLabels', qualify(env), changes)) as never,
    deleteEnvironment: async (env) => {
      await call('deleteEnvironment', qualify(env));
    },
    open: async (ref) => evaluated(await call('open', qualifyRef(ref))),
    check: async (target, o) =>
      evaluated(
        await call(
          'check',
          typeof target === 'object' && 'definition' in target && 'env' in target
            ? { env: qualify(target.env), definition: target.definition }
            : typeof target === 'object' && 'org' in target
              ? target
              : qualifyRef(target),
          {
            ...(o.showSecrets === undefined ? {} : { showSecrets: o.showSecrets }),
            ...(o.mode === undefined ? {} : { mode: o.mode }),
          },
        ),
      ),
    clone: async (source, target, o) => {
      const { actor: _actor, ...rest } = o;
      await call('clone', qualify(source), qualify(target), rest);
    },
    listAudit: async (o = {}) =>
      (await call('listAudit', {
        ...o,
        // The log of the session's organization, unless an environment names another.
        ...(o.env === undefined ? { org: o.org ?? options.defaultOrg } : { env: qualify(o.env) }),
      })) as never,
    verifyAudit: async (o = {}) =>
      (await call('verifyAudit', { org: o.org ?? options.defaultOrg })) as never,
  };
  return service;
}
