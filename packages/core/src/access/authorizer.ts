import type { Accounts, OrgRole, Principal } from '../accounts/accounts.js';
import { NotFoundError, PermissionDeniedError } from '../errors.js';
import type { EnvironmentKey } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import { BoundedMap } from '../internal/bounded-map.js';
import { isName } from '../service/parse-environment-ref.js';
import { REQUIRED_PERMISSION, type EnvironmentAction } from './environment-actions.js';
import { OrgAccess, type PermissionSource, type TeamAccess } from './org-access.js';
import type { EnvironmentPermission, Permission } from './permission.js';
import { higherPermission, includesPermission } from './permission.js';
import type { Teams } from './teams.js';

export type { Permission } from './permission.js';

/** What the Authorizer reads: accounts, teams, and who created an environment (if it exists). */
export interface AuthorizerOptions {
  readonly accounts: Accounts;
  readonly teams: Teams;
  readonly creatorOf: (env: EnvironmentKey) => Promise<string | undefined>;
}

/** One holder of a permission on an environment, for `env access ls`. */
export interface AccessEntry {
  /** A user, a team (with its members), or every member of the organization. */
  readonly subject: 'user' | 'team' | 'members';
  readonly name: string;
  readonly permission: Permission;
  readonly via: string;
  readonly members?: readonly string[];
}

/** A decision: allowed, or the error to answer with and the reason to audit. */
export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly error: Error; readonly reason: string };

const ALLOWED: Decision = { allowed: true };

/**
 * Who may do what, decided in one place for every host (access-control.md). A caller's permission
 * on an environment is the highest of: the organization's default (for its members, team tokens
 * and member organization tokens), each grant of each of the caller's teams (on the environment or
 * on its whole project), `admin` for its creator, and `admin` for the organization's admins. A
 * caller who may not read an environment is told it does not exist, with the message a missing
 * one gets; one who may read it but not do this is told which permission it needs.
 */
export class Authorizer {
  /** Organizations' access by name, the most recently built last (the oldest is dropped first). */
  private readonly cache = new BoundedMap<OrgAccess>(1000);

  constructor(private readonly options: AuthorizerOptions) {}

  /** The decisions for one caller (one request): organizations are read once per scope. */
  for(principal: Principal): PrincipalAccess {
    return new PrincipalAccess(principal, this, this.options.creatorOf);
  }

  /** The organizations `login` is a member of, by name. */
  async orgsOf(login: string): Promise<string[]> {
    return (await this.options.accounts.orgsOf(login)).map((m) => m.org.name);
  }

  /** The organization's access as of its record's current version; undefined if it does not exist. */
  async orgAccess(org: string): Promise<OrgAccess | undefined> {
    // Only a missing organization is undefined: a store that cannot answer fails the request
    // (a 503 naming the store), never passes for "no such organization". A name no organization
    // can have is missing without a read (the store would refuse it as a key).
    if (!isName(org)) return undefined;
    const doc = await this.options.accounts.getOrgDocument(org);
    if (doc === undefined) return undefined;
    const cached = this.cache.get(org);
    if (cached?.version === doc.version) return cached;
    // Every change of teams rewrites the record: this version's teams are at least this new.
    const access = new OrgAccess(doc.value, doc.version, await this.options.teams.list(org));
    this.cache.delete(org);
    this.cache.set(org, access);
    return access;
  }
}

/** One caller's decisions, with the organizations it needed read once. */
export class PrincipalAccess {
  private readonly orgs = new Map<string, Promise<OrgAccess | undefined>>();

  constructor(
    readonly principal: Principal,
    private readonly authorizer: Authorizer,
    private readonly creatorOf: (env: EnvironmentKey) => Promise<string | undefined>,
  ) {}

  private org(org: string): Promise<OrgAccess | undefined> {
    let found = this.orgs.get(org);
    if (found === undefined) {
      found = this.authorizer.orgAccess(org);
      this.orgs.set(org, found);
    }
    return found;
  }

  async orgExists(org: string): Promise<boolean> {
    return (await this.org(org)) !== undefined;
  }

  /** The caller's role in `org`: a team token is a member of its org while its team exists. */
  async role(org: string): Promise<OrgRole | undefined> {
    const access = await this.org(org);
    return access === undefined ? undefined : roleIn(this.principal, access);
  }

  /** The caller's permission on `env`, and where each part of it comes from. */
  async explain(env: EnvironmentKey): Promise<PermissionSource[]> {
    const access = await this.org(env.org);
    if (access === undefined) return [];
    const sources = grantedSources(this.principal, access, env);
    if ((await this.creatorOf(env)) === this.principal.login)
      sources.push({ permission: 'admin', via: 'creator' });
    return sources;
  }

  /** The caller's permission on `env`. */
  async permission(env: EnvironmentKey): Promise<EnvironmentPermission> {
    const held = await this.granted(env);
    if (held === 'admin') return held;
    return (await this.creatorOf(env)) === this.principal.login ? 'admin' : held;
  }

  /** Whether the caller may do `action` on `env` (existence aside: the service says that). */
  async check(action: EnvironmentAction, env: EnvironmentKey): Promise<Decision> {
    return await this.checkLevel(REQUIRED_PERMISSION[action], env, action);
  }

  /** Whether the caller holds `needed` on `env`; `action` words the refusal. */
  async checkLevel(needed: Permission, env: EnvironmentKey, action: string): Promise<Decision> {
    let held = await this.granted(env);
    if (includesPermission(held, needed)) return ALLOWED;
    // The creator's admin needs a read of the environment: only when grants do not suffice.
    if ((await this.creatorOf(env)) === this.principal.login) held = 'admin';
    if (includesPermission(held, needed)) return ALLOWED;
    const name = formatEnvironmentKey(env);
    if (!includesPermission(held, 'read'))
      return {
        allowed: false,
        error: new NotFoundError(`environment ${name} not found`),
        reason: `${action} needs ${needed}; the caller holds none`,
      };
    return {
      allowed: false,
      error: new PermissionDeniedError(
        `permission denied: ${action} on ${name} needs the ${needed} permission (you have ${held})`,
      ),
      reason: `${action} needs ${needed}; the caller holds ${held}`,
    };
  }

  /**
   * Whether the caller belongs to `org` (`member`: to create environments, list them, check
   * definitions) or administers it (`admin`: teams, grants, tokens, settings, the audit log).
   */
  async checkOrg(org: string, needed: OrgRole, action: string): Promise<Decision> {
    const role = await this.role(org);
    if (role === undefined)
      return {
        allowed: false,
        error: new NotFoundError(`organization ${org} not found`),
        reason: `${action}: the caller is not a member`,
      };
    if (needed === 'admin' && role !== 'admin')
      return {
        allowed: false,
        error: new PermissionDeniedError(
          `permission denied: ${action} needs the admin role in organization ${org}`,
        ),
        reason: `${action} needs the organization's admin role`,
      };
    return ALLOWED;
  }

  /**
   * Whether the caller may change team `team` of `org` (members, grants, tokens): its
   * organization's admins and its own team admins may.
   */
  async checkTeam(org: string, team: string, action: string): Promise<Decision> {
    const access = await this.org(org);
    const role = access === undefined ? undefined : roleIn(this.principal, access);
    if (access === undefined || role === undefined) return this.checkOrg(org, 'member', action);
    if (role === 'admin') return ALLOWED;
    const found = access.teams.get(team);
    if (found === undefined)
      return {
        allowed: false,
        error: new NotFoundError(`team ${team} not found in ${org}`),
        reason: `${action}: no such team`,
      };
    if (this.principal.kind === 'user' && found.record.members[this.principal.login] === 'admin')
      return ALLOWED;
    return {
      allowed: false,
      error: new PermissionDeniedError(
        `permission denied: ${action} needs the admin role in organization ${org} or in team ${team}`,
      ),
      reason: `${action} needs an admin of the organization or the team`,
    };
  }

  /**
   * Whether the caller may give team `team` a permission on `project/env` (`*`: the whole
   * project): they manage the team and administer what is granted, so a team admin grants nothing
   * they could not grant themselves. A whole project is only the organization's admins' to grant.
   */
  async checkGrant(org: string, team: string, project: string, env: string): Promise<Decision> {
    const manages = await this.checkTeam(org, team, 'changing the team');
    if (!manages.allowed) return manages;
    if (env === '*') return this.checkOrg(org, 'admin', `granting on ${project}/*`);
    return this.checkLevel('admin', { org, project, name: env }, 'granting access');
  }

  /**
   * Who holds what on `env`, and why: the organization's admins, the creator, the members by
   * the default, and each team with a grant that covers it (its members listed).
   */
  async whoHasAccess(env: EnvironmentKey): Promise<AccessEntry[]> {
    const access = await this.org(env.org);
    if (access === undefined) return [];
    const entries: AccessEntry[] = [];
    for (const [login, role] of Object.entries(access.record.members).sort())
      if (role === 'admin')
        entries.push({
          subject: 'user',
          name: login,
          permission: 'admin',
          via: 'organization admin',
        });
    const creator = await this.creatorOf(env);
    if (creator !== undefined)
      entries.push({ subject: 'user', name: creator, permission: 'admin', via: 'creator' });
    if (access.defaultPermission !== 'none')
      entries.push({
        subject: 'members',
        name: env.org,
        permission: access.defaultPermission,
        via: 'organization default',
      });
    for (const team of [...access.teams.values()].sort((a, b) =>
      a.record.name < b.record.name ? -1 : 1,
    ))
      for (const grant of team.grantsOn(env))
        entries.push({
          subject: 'team',
          name: team.record.name,
          permission: grant.permission,
          via: `grant on ${grant.project}/${grant.env}`,
          members: Object.keys(team.record.members).sort(),
        });
    return entries;
  }

  /** The organizations the caller may list environments of. */
  async readableOrgs(): Promise<string[]> {
    if (this.principal.org !== undefined)
      return (await this.role(this.principal.org)) === undefined ? [] : [this.principal.org];
    const orgs = await this.authorizer.orgsOf(this.principal.login);
    return orgs.sort();
  }

  /** The caller's permission from grants and roles, without the creator's read of `env`. */
  private async granted(env: EnvironmentKey): Promise<EnvironmentPermission> {
    const access = await this.org(env.org);
    if (access === undefined) return 'none';
    let held: EnvironmentPermission = 'none';
    for (const source of grantedSources(this.principal, access, env))
      held = higherPermission(held, source.permission);
    return held;
  }
}

function roleIn(principal: Principal, access: OrgAccess): OrgRole | undefined {
  if (principal.kind === 'user') return access.record.members[principal.login];
  if (principal.org !== access.record.name) return undefined;
  if (principal.kind === 'organization') return principal.role ?? 'member';
  return principal.team !== undefined && access.teams.has(principal.team) ? 'member' : undefined;
}

/** Every permission the caller holds on `env` from roles, the default and team grants. */
function grantedSources(
  principal: Principal,
  access: OrgAccess,
  env: EnvironmentKey,
): PermissionSource[] {
  const role = roleIn(principal, access);
  if (role === undefined) return [];
  const sources: PermissionSource[] = [];
  if (role === 'admin') sources.push({ permission: 'admin', via: 'organization admin' });
  if (access.defaultPermission !== 'none')
    sources.push({ permission: access.defaultPermission, via: 'organization default' });
  const teams: readonly (TeamAccess | undefined)[] =
    principal.kind === 'user'
      ? access.teamsOf(principal.login)
      : principal.kind === 'team' && principal.team !== undefined
        ? [access.teams.get(principal.team)]
        : [];
  for (const team of teams) {
    if (team === undefined) continue;
    for (const grant of team.grantsOn(env))
      sources.push({
        permission: grant.permission,
        via: `team ${team.record.name} (${grant.project}/${grant.env})`,
      });
  }
  return sources;
}
