import {
  AlreadyExistsError,
  InvalidArgumentError,
  NotFoundError,
  StoreIoError,
} from '../errors.js';
import type { Accounts } from '../accounts/accounts.js';
import type { DocumentStore } from '../store/documents.js';
import { updateDocument } from '../store/update-document.js';
import { checkName } from '../service/parse-environment-ref.js';
import type { Permission } from './permission.js';

export type TeamRole = 'member' | 'admin';

/**
 * A team's permission on one environment, or on every environment of a project when `env` is `*`
 * (a Strata extension: ESC grants per environment only).
 */
export interface TeamGrant {
  readonly project: string;
  readonly env: string;
  readonly permission: Permission;
  /** ESC's `maxOpenDuration` (a Go duration), kept and shown; open sessions have their own bound. */
  readonly maxOpenDuration?: string;
}

export interface TeamRecord {
  readonly org: string;
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Members by login; a team admin manages the team's members and grants. */
  readonly members: Readonly<Record<string, TeamRole>>;
  readonly environments: readonly TeamGrant[];
}

/** A change of a team, as ESC's `PATCH /api/orgs/{org}/teams/{team}` makes them. */
export type TeamChange =
  | { readonly kind: 'rename'; readonly displayName?: string; readonly description?: string }
  | {
      readonly kind: 'member';
      readonly action: 'add' | 'remove' | 'promote' | 'demote';
      readonly login: string;
    }
  | { readonly kind: 'grant'; readonly grant: TeamGrant; readonly mode: 'add' | 'edit' }
  | { readonly kind: 'revoke'; readonly project: string; readonly env: string };

const TEAMS = 'teams';
const ATTEMPTS = 10;

/** Checks a grant's target: an environment, or `*` for its whole project. */
export function checkGrantTarget(project: string, env: string): void {
  checkName(project, 'project');
  if (env !== '*') checkName(env, 'environment');
}

/**
 * An organization's teams, kept as documents (`teams/<org>:<team>`) beside the accounts. Every
 * change also rewrites the organization's record, so a cache of the organization's access keyed
 * by that record's version is never stale. Who may make a change is the Authorizer's to say.
 */
export class Teams {
  private readonly now: () => Date;

  constructor(
    private readonly documents: DocumentStore,
    private readonly accounts: Accounts,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async create(
    org: string,
    input: { name: string; displayName?: string; description?: string },
    by: string,
  ): Promise<TeamRecord> {
    checkName(input.name, 'team');
    await this.accounts.getOrg(org);
    const record: TeamRecord = {
      org,
      name: input.name,
      displayName: input.displayName ?? input.name,
      description: input.description ?? '',
      createdAt: this.now().toISOString(),
      createdBy: by,
      members: {},
      environments: [],
    };
    if ((await this.documents.putDocument(TEAMS, teamId(org, input.name), record, null)) === null)
      throw new AlreadyExistsError(`team ${input.name} already exists in ${org}`);
    await this.accounts.touchOrgAccess(org);
    return record;
  }

  async get(org: string, name: string): Promise<TeamRecord> {
    const doc = await this.documents.getDocument(TEAMS, teamId(org, checkName(name, 'team')));
    if (doc === undefined) throw new NotFoundError(`team ${name} not found in ${org}`);
    return doc.value as TeamRecord;
  }

  /** The organization's teams by name. */
  async list(org: string): Promise<TeamRecord[]> {
    const prefix = `${org}:`;
    const out: TeamRecord[] = [];
    // Ids sort by organization first: list from the prefix and stop past it.
    let after = prefix;
    for (;;) {
      const page = await this.documents.listDocuments(TEAMS, { limit: 1000, after });
      for (const item of page.items) {
        if (!item.id.startsWith(prefix)) return out;
        out.push(item.value as TeamRecord);
      }
      if (page.next === undefined) return out;
      after = page.next;
    }
  }

  /** Applies a change (read-modify-write, retried on a lost race) and returns the team after it. */
  async update(org: string, name: string, change: TeamChange): Promise<TeamRecord> {
    const id = teamId(org, checkName(name, 'team'));
    if (change.kind === 'member' && (change.action === 'add' || change.action === 'promote')) {
      const record = await this.accounts.getOrg(org);
      if (record.members[change.login] === undefined)
        throw new InvalidArgumentError(`${change.login} is not a member of ${org}`);
    }
    if (change.kind === 'grant') checkGrantTarget(change.grant.project, change.grant.env);
    if (change.kind === 'revoke') checkGrantTarget(change.project, change.env);
    const next = await updateDocument(
      this.documents,
      TEAMS,
      id,
      (team: TeamRecord | undefined) => {
        if (team === undefined) throw new NotFoundError(`team ${name} not found in ${org}`);
        return applyChange(team, change);
      },
      {
        attempts: ATTEMPTS,
        keptChanging: () =>
          new StoreIoError(`team ${name} kept changing while being updated; try again`),
      },
    );
    await this.accounts.touchOrgAccess(org);
    return next;
  }

  /** Deletes the team and with it its grants (its tokens are the caller's to revoke). */
  async delete(org: string, name: string): Promise<TeamRecord> {
    const id = teamId(org, checkName(name, 'team'));
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const doc = await this.documents.getDocument(TEAMS, id);
      if (doc === undefined) throw new NotFoundError(`team ${name} not found in ${org}`);
      if (await this.documents.deleteDocument(TEAMS, id, doc.version)) {
        await this.accounts.touchOrgAccess(org);
        return doc.value as TeamRecord;
      }
    }
    throw new StoreIoError(`team ${name} kept changing while being deleted; try again`);
  }
}

function teamId(org: string, name: string): string {
  return `${checkName(org, 'organization')}:${name}`;
}

function applyChange(team: TeamRecord, change: TeamChange): TeamRecord {
  switch (change.kind) {
    case 'rename':
      return {
        ...team,
        ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
        ...(change.description === undefined ? {} : { description: change.description }),
      };
    case 'member': {
      const members = { ...team.members };
      const current = members[change.login];
      if (change.action === 'add') {
        if (current !== undefined)
          throw new AlreadyExistsError(`${change.login} is a member of team ${team.name} already`);
        members[change.login] = 'member';
      } else if (current === undefined) {
        throw new NotFoundError(`${change.login} is not a member of team ${team.name}`);
      } else if (change.action === 'remove') {
        delete members[change.login];
      } else {
        members[change.login] = change.action === 'promote' ? 'admin' : 'member';
      }
      return { ...team, members };
    }
    case 'grant': {
      const { project, env } = change.grant;
      const exists = team.environments.some((g) => g.project === project && g.env === env);
      if (change.mode === 'add' && exists)
        throw new AlreadyExistsError(
          `team ${team.name} has a permission on ${project}/${env} already; edit it`,
        );
      if (change.mode === 'edit' && !exists)
        throw new NotFoundError(`team ${team.name} has no permission on ${project}/${env}`);
      const others = team.environments.filter((g) => !(g.project === project && g.env === env));
      return { ...team, environments: [...others, change.grant].sort(byTarget) };
    }
    case 'revoke': {
      const kept = team.environments.filter(
        (g) => !(g.project === change.project && g.env === change.env),
      );
      if (kept.length === team.environments.length)
        throw new NotFoundError(
          `team ${team.name} has no permission on ${change.project}/${change.env}`,
        );
      return { ...team, environments: kept };
    }
  }
}

function byTarget(a: TeamGrant, b: TeamGrant): number {
  const x = `${a.project}/${a.env}`;
  const y = `${b.project}/${b.env}`;
  return x < y ? -1 : x > y ? 1 : 0;
}
