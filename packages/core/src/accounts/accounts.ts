import { randomBytes } from 'node:crypto';
import {
  AlreadyExistsError,
  AuthenticationError,
  InvalidArgumentError,
  NotFoundError,
  StoreIoError,
} from '../errors.js';
import type { EnvironmentPermission } from '../access/permission.js';
import type { DocumentStore } from '../store/documents.js';
import type { Versioned } from '../store/store.js';
import { updateDocument } from '../store/update-document.js';
import { checkName } from '../service/parse-environment-ref.js';
import {
  generateAccessToken,
  hashAccessToken,
  isWellFormedAccessToken,
  type TokenKind,
} from './access-token.js';

export type OrgRole = 'admin' | 'member';

export interface UserRecord {
  readonly login: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface OrgRecord {
  readonly name: string;
  readonly createdAt: string;
  /** Members by login, with their role in the organization. */
  readonly members: Readonly<Record<string, OrgRole>>;
  /** What every member holds on every environment; ESC's `write` if absent. */
  readonly defaultEnvironmentPermission?: EnvironmentPermission;
  /** When teams or grants last changed: rewriting the record tells caches to reload them. */
  readonly accessChangedAt?: string;
}

/** ESC's default for an organization that never set one (access-control.md §1.3). */
export const DEFAULT_ENVIRONMENT_PERMISSION: EnvironmentPermission = 'write';

/** A token as listed: everything but the token, which is shown once, at creation. */
export interface TokenInfo {
  /** Public id: revokes the token; never authenticates. */
  readonly id: string;
  readonly name: string;
  readonly kind: TokenKind;
  /** The user a personal token acts as; `team:<team>` or `org:<org>` for the others. */
  readonly login: string;
  readonly createdBy: string;
  readonly createdAt: string;
  /** ISO time after which it is refused; null for never. */
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly description?: string;
  /** The organization a team or organization token acts in. */
  readonly org?: string;
  readonly team?: string;
  /** An organization token's role. */
  readonly role?: OrgRole;
}

/** What a new token is for (`issueToken`). */
export type TokenSubject =
  | { readonly kind: 'personal'; readonly login: string }
  | { readonly kind: 'team'; readonly org: string; readonly team: string }
  | { readonly kind: 'organization'; readonly org: string; readonly role: OrgRole };

/** The longest an organization or team token may live (ESC's two years). */
export const MAX_MACHINE_TOKEN_MS = 2 * 366 * 24 * 60 * 60 * 1000;

interface TokenRecord extends TokenInfo {
  readonly revokedAt: string | null;
}

/** Whom a token acts for: a user, a team, or an organization. */
export type PrincipalKind = 'user' | 'team' | 'organization';

/** Who is calling, once their token is checked. */
export interface Principal {
  readonly kind: PrincipalKind;
  /**
   * The user's login; `team:<team>` for a team token, `org:<org>` for an organization token (no
   * login holds a `:`): what revisions, tag moves and audit events record as the actor.
   */
  readonly login: string;
  readonly name: string;
  /** The one organization a team or organization token acts in. */
  readonly org?: string;
  /** A team token's team. */
  readonly team?: string;
  /** An organization token's role. */
  readonly role?: OrgRole;
  /** The token that authenticated the call (its name is recorded with what it does). */
  readonly token: { readonly id: string; readonly name: string };
}

const USERS = 'users';
const ORGS = 'orgs';
const TOKENS = 'access-tokens';
/** Last-used times are written at most this often per token: a read must not write each time. */
const LAST_USED_RESOLUTION_MS = 60_000;
const ATTEMPTS = 10;

/**
 * Users, organizations (members and their roles) and access tokens, kept as documents in the
 * store, so several server processes over one store are one service. A token is stored as its
 * SHA-256 only; authenticating hashes what the caller sent and reads one document.
 */
export class Accounts {
  private readonly now: () => Date;

  constructor(
    private readonly documents: DocumentStore,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * First start: creates `org` with `admin` as its admin and returns an admin token (shown once).
   * Refused when any organization exists already.
   */
  async initialize(input: {
    admin: string;
    adminName?: string;
    org: string;
  }): Promise<{ token: string; info: TokenInfo }> {
    const existing = await this.documents.listDocuments(ORGS, { limit: 1 });
    if (existing.items.length > 0)
      throw new AlreadyExistsError(
        'this server is initialized already: its admins create users and tokens',
      );
    await this.createUser(input.admin, input.adminName ?? input.admin);
    await this.createOrg(input.org, input.admin);
    return this.createToken({ login: input.admin, name: 'initial admin token', by: input.admin });
  }

  async createUser(login: string, name: string): Promise<UserRecord> {
    checkName(login, 'user');
    const record: UserRecord = { login, name, createdAt: this.now().toISOString() };
    if ((await this.documents.putDocument(USERS, login, record, null)) === null)
      throw new AlreadyExistsError(`user ${login} already exists`);
    return record;
  }

  async getUser(login: string): Promise<UserRecord> {
    const doc = await this.documents.getDocument(USERS, login);
    if (doc === undefined) throw new NotFoundError(`user ${login} not found`);
    return doc.value as UserRecord;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.all(USERS)) as UserRecord[];
  }

  async createOrg(name: string, admin: string): Promise<OrgRecord> {
    checkName(name, 'organization');
    await this.getUser(admin);
    const record: OrgRecord = {
      name,
      createdAt: this.now().toISOString(),
      members: { [admin]: 'admin' },
    };
    if ((await this.documents.putDocument(ORGS, name, record, null)) === null)
      throw new AlreadyExistsError(`organization ${name} already exists`);
    return record;
  }

  async getOrg(name: string): Promise<OrgRecord> {
    const doc = await this.documents.getDocument(ORGS, name);
    if (doc === undefined) throw new NotFoundError(`organization ${name} not found`);
    return doc.value as OrgRecord;
  }

  /** The organization's record with its version (which changes on every write), if it exists. */
  async getOrgDocument(name: string): Promise<Versioned<OrgRecord> | undefined> {
    const doc = await this.documents.getDocument(ORGS, name);
    return doc === undefined ? undefined : { value: doc.value as OrgRecord, version: doc.version };
  }

  /** Read-modify-write of an organization's record, retried when another writer got there first. */
  async updateOrg(name: string, change: (org: OrgRecord) => OrgRecord): Promise<OrgRecord> {
    return await updateDocument(
      this.documents,
      ORGS,
      name,
      (org: OrgRecord | undefined) => {
        if (org === undefined) throw new NotFoundError(`organization ${name} not found`);
        return change(org);
      },
      {
        attempts: ATTEMPTS,
        keptChanging: () =>
          new StoreIoError(`organization ${name} kept changing while being updated; try again`),
      },
    );
  }

  /** Records that the organization's teams or grants changed (see OrgRecord.accessChangedAt). */
  async touchOrgAccess(name: string): Promise<void> {
    const at = this.now().toISOString();
    await this.updateOrg(name, (org) => ({ ...org, accessChangedAt: at }));
  }

  /** The organizations `login` belongs to, with its role in each, by name. */
  async orgsOf(login: string): Promise<{ org: OrgRecord; role: OrgRole }[]> {
    const orgs = (await this.all(ORGS)) as OrgRecord[];
    return orgs.flatMap((org) => {
      const role = org.members[login];
      return role === undefined ? [] : [{ org, role }];
    });
  }

  /** Adds `login` to `org` (or changes its role). */
  async setMember(org: string, login: string, role: OrgRole): Promise<OrgRecord> {
    await this.getUser(login);
    return await this.updateOrg(org, (current) => ({
      ...current,
      members: { ...current.members, [login]: role },
    }));
  }

  /** Creates a personal token for `login`; the token is returned once and only its hash kept. */
  async createToken(input: {
    login: string;
    name: string;
    by: string;
    expiresAt?: Date | undefined;
  }): Promise<{ token: string; info: TokenInfo }> {
    return await this.issueToken({
      subject: { kind: 'personal', login: input.login },
      name: input.name,
      by: input.by,
      expiresAt: input.expiresAt,
    });
  }

  /**
   * Creates a token for a user, a team or an organization; it is returned once and only its hash
   * kept. Organization and team tokens live at most two years, and with `unique` their name is
   * unique among the organization's tokens, revoked ones included (ESC's rule).
   */
  async issueToken(input: {
    subject: TokenSubject;
    name: string;
    by: string;
    description?: string | undefined;
    expiresAt?: Date | undefined;
    unique?: boolean;
  }): Promise<{ token: string; info: TokenInfo }> {
    const { subject } = input;
    const max = subject.kind === 'personal' ? 100 : 40;
    if (input.name.trim() === '' || input.name.length > max || /\p{Cc}/u.test(input.name))
      throw new InvalidArgumentError(
        `invalid token name ${JSON.stringify(input.name)}: 1 to ${max} characters, no control characters`,
      );
    const now = this.now().getTime();
    if (input.expiresAt !== undefined && input.expiresAt.getTime() <= now)
      throw new InvalidArgumentError('a token must expire in the future');
    if (
      subject.kind !== 'personal' &&
      input.expiresAt !== undefined &&
      input.expiresAt.getTime() - now > MAX_MACHINE_TOKEN_MS
    )
      throw new InvalidArgumentError('an organization or team token expires within two years');
    if (subject.kind === 'personal') await this.getUser(subject.login);
    else await this.getOrg(subject.org);
    if (subject.kind !== 'personal' && input.unique === true) {
      const taken = ((await this.all(TOKENS)) as TokenRecord[]).some(
        (t) => t.org === subject.org && t.kind !== 'personal' && t.name === input.name,
      );
      if (taken)
        throw new AlreadyExistsError(
          `a token named ${JSON.stringify(input.name)} exists in ${subject.org} already (names are never reused)`,
        );
    }
    const token = generateAccessToken(subject.kind);
    const record: TokenRecord = {
      id: `tok-${randomBytes(8).toString('hex')}`,
      name: input.name,
      kind: subject.kind,
      login:
        subject.kind === 'personal'
          ? subject.login
          : subject.kind === 'team'
            ? `team:${subject.team}`
            : `org:${subject.org}`,
      createdBy: input.by,
      createdAt: this.now().toISOString(),
      expiresAt: input.expiresAt?.toISOString() ?? null,
      lastUsedAt: null,
      revokedAt: null,
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(subject.kind === 'personal' ? {} : { org: subject.org }),
      ...(subject.kind === 'team' ? { team: subject.team } : {}),
      ...(subject.kind === 'organization' ? { role: subject.role } : {}),
    };
    if ((await this.documents.putDocument(TOKENS, hashAccessToken(token), record, null)) === null)
      throw new StoreIoError('could not store the new token; try again');
    return { token, info: publicInfo(record) };
  }

  /** The tokens of `login` not revoked, oldest first. */
  async listTokens(login: string): Promise<TokenInfo[]> {
    return await this.tokensWhere((t) => t.kind === 'personal' && t.login === login);
  }

  /** An organization's own tokens (not its teams'), not revoked, oldest first. */
  async listOrgTokens(org: string): Promise<TokenInfo[]> {
    return await this.tokensWhere((t) => t.kind === 'organization' && t.org === org);
  }

  /** A team's tokens, not revoked, oldest first. */
  async listTeamTokens(org: string, team: string): Promise<TokenInfo[]> {
    return await this.tokensWhere((t) => t.kind === 'team' && t.org === org && t.team === team);
  }

  /** Revokes a personal token of `login` by its id: it is refused from then on. */
  async revokeToken(login: string, id: string): Promise<void> {
    await this.revokeWhere(
      (t) => t.id === id && t.kind === 'personal' && t.login === login,
      `token ${id} not found`,
    );
  }

  /** Revokes an organization token of `org` by its id. */
  async revokeOrgToken(org: string, id: string): Promise<void> {
    await this.revokeWhere(
      (t) => t.id === id && t.kind === 'organization' && t.org === org,
      `token ${id} not found`,
    );
  }

  /** Revokes a team token of `team` by its id. */
  async revokeTeamToken(org: string, team: string, id: string): Promise<void> {
    await this.revokeWhere(
      (t) => t.id === id && t.kind === 'team' && t.org === org && t.team === team,
      `token ${id} not found`,
    );
  }

  /** Revokes every token of a team (when it is deleted); returns how many. */
  async revokeTeamTokens(org: string, team: string): Promise<number> {
    let count = 0;
    for (const { id, value } of await this.allWithIds(TOKENS)) {
      const t = value as TokenRecord;
      if (t.revokedAt === null && t.kind === 'team' && t.org === org && t.team === team)
        if (await this.revokeStored(id)) count++;
    }
    return count;
  }

  private async tokensWhere(keep: (t: TokenRecord) => boolean): Promise<TokenInfo[]> {
    const all = (await this.all(TOKENS)) as TokenRecord[];
    return all
      .filter((t) => t.revokedAt === null && keep(t))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
      .map(publicInfo);
  }

  private async revokeWhere(match: (t: TokenRecord) => boolean, missing: string): Promise<void> {
    const found = (await this.allWithIds(TOKENS)).find(
      (d) => (d.value as TokenRecord).revokedAt === null && match(d.value as TokenRecord),
    );
    if (found === undefined || !(await this.revokeStored(found.id)))
      throw new NotFoundError(missing);
  }

  /**
   * Marks the token stored under `hash` revoked; false when it is gone or was revoked meanwhile.
   * Only its revocation and last use ever change, so a match found before still holds.
   */
  private async revokeStored(hash: string): Promise<boolean> {
    const revoked = await updateDocument(
      this.documents,
      TOKENS,
      hash,
      (token: TokenRecord | undefined) =>
        token === undefined || token.revokedAt !== null
          ? undefined
          : { ...token, revokedAt: this.now().toISOString() },
      {
        attempts: ATTEMPTS,
        keptChanging: () =>
          new StoreIoError(`a token kept changing while being revoked; try again`),
      },
    );
    return revoked !== undefined;
  }

  /**
   * The principal a token authenticates. Every refusal is the same AuthenticationError (which
   * token exists is nobody's business), with the reason only in its `reason` for the audit log.
   */
  async authenticate(token: string): Promise<Principal> {
    const refuse = (reason: string, known?: TokenRecord): never => {
      const error = new AuthenticationError('invalid or expired access token');
      // For the audit log only: why, and whose token it was when it is one of ours.
      Object.defineProperty(error, 'reason', { value: reason });
      if (known !== undefined)
        Object.defineProperty(error, 'subject', {
          value: { tokenId: known.id, login: known.login, org: known.org },
        });
      throw error;
    };
    if (!isWellFormedAccessToken(token)) return refuse('malformed token');
    const hash = hashAccessToken(token);
    const doc = await this.documents.getDocument(TOKENS, hash);
    if (doc === undefined) return refuse('unknown token');
    const record = doc.value as TokenRecord;
    if (record.revokedAt !== null) return refuse(`token ${record.id} is revoked`, record);
    const now = this.now();
    if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime())
      return refuse(`token ${record.id} expired`, record);
    const user =
      record.kind === 'personal'
        ? await this.getUser(record.login).catch(() => refuse('its user is gone', record))
        : undefined;
    const lastUsed = record.lastUsedAt === null ? 0 : Date.parse(record.lastUsedAt);
    if (now.getTime() - lastUsed >= LAST_USED_RESOLUTION_MS) {
      // Best effort: a lost race only means another request recorded a use at the same time.
      await this.documents.putDocument(
        TOKENS,
        hash,
        { ...record, lastUsedAt: now.toISOString() },
        doc.version,
      );
    }
    const via = { id: record.id, name: record.name };
    if (user !== undefined) return { kind: 'user', login: user.login, name: user.name, token: via };
    if (record.kind === 'team')
      return {
        kind: 'team',
        login: record.login,
        name: record.team ?? '',
        org: record.org ?? '',
        team: record.team ?? '',
        token: via,
      };
    return {
      kind: 'organization',
      login: record.login,
      name: record.org ?? '',
      org: record.org ?? '',
      role: record.role ?? 'member',
      token: via,
    };
  }

  private async all(collection: string): Promise<unknown[]> {
    return (await this.allWithIds(collection)).map((d) => d.value);
  }

  private async allWithIds(collection: string): Promise<{ id: string; value: unknown }[]> {
    const out: { id: string; value: unknown }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.documents.listDocuments(collection, {
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      });
      out.push(...page.items);
      if (page.next === undefined) return out;
      after = page.next;
    }
  }
}

function publicInfo(record: TokenRecord): TokenInfo {
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    login: record.login,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    ...(record.description === undefined ? {} : { description: record.description }),
    ...(record.org === undefined ? {} : { org: record.org }),
    ...(record.team === undefined ? {} : { team: record.team }),
    ...(record.role === undefined ? {} : { role: record.role }),
  };
}
