import type { OrgRecord } from '../accounts/accounts.js';
import { DEFAULT_ENVIRONMENT_PERMISSION } from '../accounts/accounts.js';
import type { EnvironmentKey } from '../store/store.js';
import type { EnvironmentPermission, Permission } from './permission.js';
import type { TeamGrant, TeamRecord } from './teams.js';

/** One team's grants, indexed for lookups: per environment and per whole project. */
export class TeamAccess {
  private readonly exact = new Map<string, TeamGrant>();
  private readonly projects = new Map<string, TeamGrant>();

  constructor(readonly record: TeamRecord) {
    for (const grant of record.environments) {
      if (grant.env === '*') this.projects.set(grant.project, grant);
      else this.exact.set(`${grant.project}/${grant.env}`, grant);
    }
  }

  /** The grants of this team that cover `env` (its own, its project's). */
  grantsOn(env: EnvironmentKey): TeamGrant[] {
    const out: TeamGrant[] = [];
    const own = this.exact.get(`${env.project}/${env.name}`);
    if (own !== undefined) out.push(own);
    const project = this.projects.get(env.project);
    if (project !== undefined) out.push(project);
    return out;
  }
}

/**
 * An organization's access as of one version of its record: members and roles, the default
 * permission, and every team's members and grants, indexed. Built once per version and shared by
 * every request until the record changes.
 */
export class OrgAccess {
  readonly defaultPermission: EnvironmentPermission;
  readonly teams = new Map<string, TeamAccess>();
  private readonly byMember = new Map<string, TeamAccess[]>();

  constructor(
    readonly record: OrgRecord,
    readonly version: string,
    teams: readonly TeamRecord[],
  ) {
    this.defaultPermission = record.defaultEnvironmentPermission ?? DEFAULT_ENVIRONMENT_PERMISSION;
    for (const team of teams) {
      const access = new TeamAccess(team);
      this.teams.set(team.name, access);
      for (const login of Object.keys(team.members)) {
        const list = this.byMember.get(login) ?? [];
        list.push(access);
        this.byMember.set(login, list);
      }
    }
  }

  /** The teams `login` belongs to. */
  teamsOf(login: string): readonly TeamAccess[] {
    return this.byMember.get(login) ?? [];
  }
}

/** A permission and why the caller holds it, for `env access ls` and refusals. */
export interface PermissionSource {
  readonly permission: Permission;
  /** `organization admin`, `creator`, `organization default`, `team identity (identity/*)`. */
  readonly via: string;
}
