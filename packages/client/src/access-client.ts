import type { AccessEntry, EnvironmentPermission, Permission } from '@strata/core';
import { requestServer, type ServerConnection } from './server-request.js';

/** How to reach the server (see ServerConnection). */
export type AccessClientOptions = ServerConnection;

/** A team as the server shows it (ESC's Team). */
export interface RemoteTeam {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly members: readonly { readonly githubLogin: string; readonly role: 'member' | 'admin' }[];
  readonly environments: readonly {
    readonly projectName: string;
    readonly envName: string;
    readonly permission: Permission;
  }[];
  readonly userRole: 'none' | 'member' | 'admin';
}

/** A team or organization token as listed (ESC's AccessToken, never its value). */
export interface RemoteMachineToken {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly created: string;
  readonly lastUsed: number;
  readonly expires: number;
  readonly admin: boolean;
  readonly type: string;
}

/**
 * An organization's access on a Strata server, with ESC's API shapes: the default permission,
 * teams, their members and grants, team and organization tokens, and who holds what on an
 * environment. Refusals come back as the errors the server's core raised.
 */
export interface AccessClient {
  getSettings(org: string): Promise<{ defaultEnvironmentPermission: EnvironmentPermission }>;
  setDefaultPermission(org: string, permission: EnvironmentPermission): Promise<void>;
  listTeams(org: string): Promise<RemoteTeam[]>;
  getTeam(org: string, team: string): Promise<RemoteTeam>;
  createTeam(
    org: string,
    input: { name: string; displayName?: string; description?: string },
  ): Promise<RemoteTeam>;
  deleteTeam(org: string, team: string): Promise<void>;
  changeMember(
    org: string,
    team: string,
    action: 'add' | 'remove' | 'promote' | 'demote',
    login: string,
  ): Promise<void>;
  /** Gives `team` `permission` on `project/env` (`*`: every environment of the project). */
  grant(
    org: string,
    team: string,
    grant: { project: string; env: string; permission: Permission },
  ): Promise<'added' | 'changed'>;
  revoke(org: string, team: string, target: { project: string; env: string }): Promise<void>;
  whoHasAccess(org: string, project: string, env: string): Promise<AccessEntry[]>;
  createTeamToken(
    org: string,
    team: string,
    input: { name: string; description?: string; expires?: number },
  ): Promise<{ id: string; token: string }>;
  createOrgToken(
    org: string,
    input: { name: string; description?: string; expires?: number; admin?: boolean },
  ): Promise<{ id: string; token: string }>;
  listTeamTokens(org: string, team: string): Promise<RemoteMachineToken[]>;
  listOrgTokens(org: string): Promise<RemoteMachineToken[]>;
  /** Any request of the server's API (audit logs, OIDC issuers), answered as JSON or text. */
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

const part = encodeURIComponent;

/** The access client of a Strata server, over `fetch`. */
export function createAccessClient(options: AccessClientOptions): AccessClient {
  const request = (method: string, path: string, body?: unknown): Promise<unknown> =>
    requestServer(options, method, path, body === undefined ? undefined : JSON.stringify(body));

  const team = (org: string, name: string) => `/api/orgs/${part(org)}/teams/${part(name)}`;
  const created = (raw: unknown) => {
    const { id, tokenValue } = raw as { id: string; tokenValue: string };
    return { id, token: tokenValue };
  };

  return {
    request,
    async getSettings(org) {
      return (await request('GET', `/api/orgs/${part(org)}/metadata`)) as {
        defaultEnvironmentPermission: EnvironmentPermission;
      };
    },
    async setDefaultPermission(org, permission) {
      await request('PATCH', `/api/orgs/${part(org)}`, {
        setDefaultEnvironmentPermission: permission,
      });
    },
    async listTeams(org) {
      return ((await request('GET', `/api/orgs/${part(org)}/teams`)) as { teams: RemoteTeam[] })
        .teams;
    },
    async getTeam(org, name) {
      return (await request('GET', team(org, name))) as RemoteTeam;
    },
    async createTeam(org, input) {
      return (await request('POST', `/api/orgs/${part(org)}/teams/pulumi`, input)) as RemoteTeam;
    },
    async deleteTeam(org, name) {
      await request('DELETE', team(org, name));
    },
    async changeMember(org, name, action, login) {
      await request('PATCH', team(org, name), { memberAction: action, member: login });
    },
    async grant(org, name, grant) {
      const body = { projectName: grant.project, envName: grant.env, permission: grant.permission };
      try {
        await request('PATCH', team(org, name), { addEnvironmentPermission: body });
        return 'added';
      } catch (error) {
        // A grant there already: change it.
        if ((error as { code?: string }).code !== 'ALREADY_EXISTS') throw error;
        await request('PATCH', team(org, name), { editEnvironmentPermission: body });
        return 'changed';
      }
    },
    async revoke(org, name, target) {
      await request('PATCH', team(org, name), {
        removeEnvironment: { projectName: target.project, envName: target.env },
      });
    },
    async whoHasAccess(org, project, env) {
      return (
        (await request(
          'GET',
          `/api/strata/v1/access/${part(org)}/${part(project)}/${part(env)}`,
        )) as { access: AccessEntry[] }
      ).access;
    },
    async createTeamToken(org, name, input) {
      return created(await request('POST', `${team(org, name)}/tokens`, input));
    },
    async createOrgToken(org, input) {
      return created(await request('POST', `/api/orgs/${part(org)}/tokens`, input));
    },
    async listTeamTokens(org, name) {
      return (
        (await request('GET', `${team(org, name)}/tokens`)) as { tokens: RemoteMachineToken[] }
      ).tokens;
    },
    async listOrgTokens(org) {
      return (
        (await request('GET', `/api/orgs/${part(org)}/tokens`)) as { tokens: RemoteMachineToken[] }
      ).tokens;
    },
  };
}
