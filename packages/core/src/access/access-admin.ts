import type { Accounts, OrgRecord, TokenInfo } from '../accounts/accounts.js';
import { DEFAULT_ENVIRONMENT_PERMISSION } from '../accounts/accounts.js';
import { InvalidArgumentError } from '../errors.js';
import type { AuditAction, EnvironmentKey } from '../store/store.js';
import { checkEnvironmentKey } from '../service/parse-environment-ref.js';
import type { AccessEntry } from './authorizer.js';
import { orgEnvironment, type AuthorizedService } from './authorized-service.js';
import type { EnvironmentPermission } from './permission.js';
import type { TeamChange, TeamRecord, Teams } from './teams.js';

/** What a caller sees of a team: its grants on environments they may not read are left out. */
export interface TeamView extends TeamRecord {
  /** The caller's role in the team. */
  readonly callerRole: 'none' | 'member' | 'admin';
}

/** The organization's settings as ESC's `OrganizationMetadata` carries them. */
export interface OrgSettings {
  readonly name: string;
  readonly defaultEnvironmentPermission: EnvironmentPermission;
}

/**
 * An organization's access as one caller may administer it: teams, their members and grants, the
 * default permission, and who holds what on an environment. Each change is allowed by the
 * Authorizer first and recorded in the audit log (a refusal too).
 */
export class AccessAdmin {
  constructor(
    readonly service: AuthorizedService,
    private readonly teams: Teams,
    private readonly accounts: Accounts,
  ) {}

  private get access() {
    return this.service.access;
  }

  async listTeams(org: string): Promise<TeamView[]> {
    await this.service.requireOrg(org, 'member', 'read-access', 'listing teams');
    const out: TeamView[] = [];
    for (const team of await this.teams.list(org)) out.push(await this.view(team));
    return out;
  }

  async getTeam(org: string, name: string): Promise<TeamView> {
    await this.service.requireOrg(org, 'member', 'read-access', 'reading teams');
    return await this.view(await this.teams.get(org, name));
  }

  async createTeam(
    org: string,
    input: { name: string; displayName?: string; description?: string },
  ): Promise<TeamView> {
    await this.service.requireOrg(org, 'admin', 'team-create', 'creating teams');
    const team = await this.teams.create(org, input, this.service.principal.login);
    await this.service.record({
      action: 'team-create',
      env: orgEnvironment(org),
      details: { team: team.name },
    });
    return await this.view(team);
  }

  /**
   * One change of a team: its organization's admins and its own admins make them; a grant also
   * needs admin on what it grants (a whole project: the organization's admins only).
   */
  async updateTeam(org: string, name: string, change: TeamChange): Promise<TeamView> {
    const target = grantTarget(org, change);
    if (target === undefined) {
      await this.service.enforce(
        await this.access.checkTeam(org, name, 'changing the team'),
        'team-update',
        (await this.access.orgExists(org)) ? orgEnvironment(org) : undefined,
      );
    } else {
      await this.service.enforce(
        await this.access.checkGrant(org, name, target.project, target.name),
        'grant',
        (await this.access.orgExists(org)) ? target : undefined,
      );
    }
    const team = await this.teams.update(org, name, change);
    if (target === undefined)
      await this.service.record({
        action: 'team-update',
        env: orgEnvironment(org),
        details: {
          team: name,
          ...(change.kind === 'member'
            ? { member: change.login, memberAction: change.action }
            : { renamed: 'true' }),
        },
      });
    else
      await this.service.record({
        action: 'grant',
        env: target,
        details: {
          team: name,
          change: change.kind === 'grant' ? change.mode : 'remove',
          ...(change.kind === 'grant' ? { permission: change.grant.permission } : {}),
        },
      });
    return await this.view(team);
  }

  /** Deletes a team and its grants, after revoking its tokens. */
  async deleteTeam(org: string, name: string): Promise<void> {
    await this.service.requireOrg(org, 'admin', 'team-delete', 'deleting teams');
    await this.teams.get(org, name);
    // Tokens first: a team whose tokens outlive it must never be found again.
    const revoked = await this.accounts.revokeTeamTokens(org, name);
    await this.teams.delete(org, name);
    await this.service.record({
      action: 'team-delete',
      env: orgEnvironment(org),
      details: { team: name, revokedTokens: String(revoked) },
    });
  }

  async getSettings(org: string): Promise<OrgSettings> {
    await this.service.requireOrg(org, 'member', 'read-access', 'reading the organization');
    return settingsOf(await this.accounts.getOrg(org));
  }

  /** Sets what every member holds on every environment (ESC's `setDefaultEnvironmentPermission`). */
  async setDefaultPermission(org: string, permission: EnvironmentPermission): Promise<OrgSettings> {
    await this.service.requireOrg(org, 'admin', 'org-update', 'changing the default permission');
    const record = await this.accounts.updateOrg(org, (current) => ({
      ...current,
      defaultEnvironmentPermission: permission,
    }));
    await this.service.record({
      action: 'org-update',
      env: orgEnvironment(org),
      details: { defaultEnvironmentPermission: permission },
    });
    return settingsOf(record);
  }

  /** Who holds what on `env` and why: its admins' to know. */
  async whoHasAccess(env: EnvironmentKey): Promise<AccessEntry[]> {
    const key = checkEnvironmentKey(env);
    await this.service.require('read-access', key);
    // The environment must exist: an admin of the org sees every name, existing or not.
    await this.service.getEnvironment(key);
    return await this.access.whoHasAccess(key);
  }

  /**
   * A personal token of the caller, recorded in every organization they may read: the admins of
   * each see it.
   */
  async createPersonalToken(input: {
    name: string;
    expiresAt?: Date | undefined;
  }): Promise<{ token: string; info: TokenInfo }> {
    const { login } = this.service.principal;
    const created = await this.accounts.createToken({ login, by: login, ...input });
    for (const org of await this.service.access.readableOrgs())
      await this.recordToken(org, created.info);
    return created;
  }

  /** An organization token (admins only): `admin` gives it the admin role, member otherwise. */
  async createOrgToken(
    org: string,
    input: { name: string; description?: string; expiresAt?: Date; admin?: boolean },
  ): Promise<{ token: string; info: TokenInfo }> {
    await this.service.requireOrg(org, 'admin', 'token-create', 'creating organization tokens');
    const created = await this.accounts.issueToken({
      subject: { kind: 'organization', org, role: input.admin === true ? 'admin' : 'member' },
      name: input.name,
      description: input.description,
      expiresAt: input.expiresAt,
      by: this.service.principal.login,
      unique: true,
    });
    await this.recordToken(org, created.info);
    return created;
  }

  async listOrgTokens(org: string): Promise<TokenInfo[]> {
    await this.service.requireOrg(org, 'admin', 'read-access', 'listing organization tokens');
    return await this.accounts.listOrgTokens(org);
  }

  async revokeOrgToken(org: string, id: string): Promise<void> {
    await this.service.requireOrg(org, 'admin', 'token-revoke', 'revoking organization tokens');
    await this.accounts.revokeOrgToken(org, id);
    await this.service.record({
      action: 'token-revoke',
      env: orgEnvironment(org),
      details: { tokenRevoked: id },
    });
  }

  /** A team token: its organization's admins and the team's admins create them. */
  async createTeamToken(
    org: string,
    team: string,
    input: { name: string; description?: string; expiresAt?: Date },
  ): Promise<{ token: string; info: TokenInfo }> {
    await this.requireTeam(org, team, 'token-create', 'creating team tokens');
    await this.teams.get(org, team);
    const created = await this.accounts.issueToken({
      subject: { kind: 'team', org, team },
      name: input.name,
      description: input.description,
      expiresAt: input.expiresAt,
      by: this.service.principal.login,
      unique: true,
    });
    await this.recordToken(org, created.info);
    return created;
  }

  async listTeamTokens(org: string, team: string): Promise<TokenInfo[]> {
    await this.requireTeam(org, team, 'read-access', 'listing team tokens');
    return await this.accounts.listTeamTokens(org, team);
  }

  async revokeTeamToken(org: string, team: string, id: string): Promise<void> {
    await this.requireTeam(org, team, 'token-revoke', 'revoking team tokens');
    await this.accounts.revokeTeamToken(org, team, id);
    await this.service.record({
      action: 'token-revoke',
      env: orgEnvironment(org),
      details: { team, tokenRevoked: id },
    });
  }

  /** Records a token created by this caller, in the organization it acts in. */
  private async recordToken(org: string, info: TokenInfo): Promise<void> {
    await this.service.record({
      action: 'token-create',
      env: orgEnvironment(org),
      details: {
        tokenCreated: info.id,
        tokenCreatedName: info.name,
        tokenKind: info.kind,
        ...(info.team === undefined ? {} : { team: info.team }),
        ...(info.role === undefined ? {} : { role: info.role }),
      },
    });
  }

  private async requireTeam(org: string, team: string, action: AuditAction, what: string) {
    await this.service.enforce(
      await this.access.checkTeam(org, team, what),
      action,
      (await this.access.orgExists(org)) ? orgEnvironment(org) : undefined,
    );
  }

  private async view(team: TeamRecord): Promise<TeamView> {
    const principal = this.service.principal;
    const callerRole =
      principal.kind === 'user'
        ? (team.members[principal.login] ?? 'none')
        : principal.team === team.name
          ? 'member'
          : 'none';
    // Grants name environments: only those the caller may read (a project grant names no one).
    const environments = [];
    for (const grant of team.environments) {
      if (grant.env === '*') environments.push(grant);
      else {
        const env = { org: team.org, project: grant.project, name: grant.env };
        if ((await this.access.check('read', env)).allowed) environments.push(grant);
      }
    }
    return { ...team, environments, callerRole };
  }
}

function settingsOf(record: OrgRecord): OrgSettings {
  return {
    name: record.name,
    defaultEnvironmentPermission:
      record.defaultEnvironmentPermission ?? DEFAULT_ENVIRONMENT_PERMISSION,
  };
}

/** The environment (or `project/*`) a grant change is about; undefined for other changes. */
function grantTarget(org: string, change: TeamChange): EnvironmentKey | undefined {
  if (change.kind === 'grant') {
    if ((change.grant.permission as string) === 'none')
      throw new InvalidArgumentError('a grant of none gives nothing: remove the grant instead');
    return { org, project: change.grant.project, name: change.grant.env };
  }
  if (change.kind === 'revoke') return { org, project: change.project, name: change.env };
  return undefined;
}
