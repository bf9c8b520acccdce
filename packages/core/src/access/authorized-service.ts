import type { Principal } from '../accounts/accounts.js';
import { NotFoundError } from '../errors.js';
import type { AuditAction, AuditEvent, EnvironmentKey, Page } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import type { EnvironmentsApi } from '../service/environments-api.js';
import type {
  ActorOptions,
  AuditContext,
  AuditVerification,
  CheckedEnvironment,
  CheckOptions,
  CheckTarget,
  CloneOptions,
  EnvironmentInfo,
  EnvironmentInput,
  EnvironmentsService,
  ListAuditInput,
  OpenedEnvironment,
  OpenedSession,
  PageOptions,
  ResolvedRevision,
  RevisionContent,
  RevisionSummary,
  TagInfo,
  WrittenRevision,
} from '../service/environments-service.js';
import type { EnvironmentRef } from '../service/parse-environment-ref.js';
import { checkEnvironmentKey, formatEnvironmentRef } from '../service/parse-environment-ref.js';
import type { Decision, PrincipalAccess } from './authorizer.js';
import type { EnvironmentAction } from './environment-actions.js';

/**
 * The environments service as one caller may use it: every operation asks the Authorizer first,
 * records a refusal in the audit log before answering it, and runs as the caller (the actor is
 * the principal, whatever the options say; every event records its token and address). Opening or
 * checking evaluates imports as the caller too: an import they may not open (or read, to check) is
 * a diagnostic at that import, and nothing of it is read. One per request.
 */
export class AuthorizedService implements EnvironmentsApi {
  readonly defaultOrg: string;
  private readonly scoped: EnvironmentsService;
  private readonly actor: string;

  constructor(
    service: EnvironmentsService,
    readonly access: PrincipalAccess,
    context: AuditContext = {},
  ) {
    this.defaultOrg = service.defaultOrg;
    this.actor = access.principal.login;
    this.scoped = service.scoped({
      audit: { token: access.principal.token, ...context },
      imports: (env, needed) => this.allowImport(env, needed),
    });
  }

  get principal(): Principal {
    return this.access.principal;
  }

  parseRef(ref: string): EnvironmentRef {
    return this.scoped.parseRef(ref);
  }

  /** Throws (after recording the refusal) unless the caller may do `action` on `env`. */
  async require(action: EnvironmentAction, env: EnvironmentKey): Promise<void> {
    await this.enforce(await this.access.check(action, env), action, env);
  }

  /** Throws (after recording the refusal) unless the caller belongs to (or administers) `org`. */
  async requireOrg(
    org: string,
    needed: 'member' | 'admin',
    action: AuditAction,
    what: string,
  ): Promise<void> {
    const decision = await this.access.checkOrg(org, needed, what);
    // A refusal is recorded where the organization exists: its admins read it.
    const record = decision.allowed || (await this.access.orgExists(org));
    await this.enforce(decision, action, record ? orgEnvironment(org) : undefined);
  }

  /** Records an event of this caller (their token and address included). */
  async record(entry: {
    action: AuditAction;
    env: EnvironmentKey;
    revision?: number | null;
    details?: Record<string, string>;
  }): Promise<void> {
    await this.scoped.recordAudit({
      action: entry.action,
      env: entry.env,
      actor: this.actor,
      revision: entry.revision ?? null,
      ...(entry.details === undefined ? {} : { details: entry.details }),
    });
  }

  /** Records a refused decision, then throws its error. */
  async enforce(
    decision: Decision,
    action: AuditAction,
    env: EnvironmentKey | undefined,
    revision: number | null = null,
  ): Promise<void> {
    if (decision.allowed) return;
    if (env !== undefined)
      await this.record({
        action,
        env,
        revision,
        details: { outcome: 'denied', reason: decision.reason },
      });
    throw decision.error;
  }

  async createEnvironment(
    input: EnvironmentInput,
    options: ActorOptions & { definition?: string },
  ): Promise<WrittenRevision> {
    const env = this.keyOf(input);
    await this.requireOrg(env.org, 'member', 'create', 'creating environments');
    return await this.scoped.createEnvironment(env, { ...options, actor: this.actor });
  }

  async getEnvironment(input: EnvironmentInput): Promise<EnvironmentInfo> {
    const env = this.keyOf(input);
    await this.require('read', env);
    return await this.scoped.getEnvironment(env);
  }

  /** The environments of one organization the caller may read. */
  async listEnvironments(
    options: PageOptions & { org?: string; project?: string } = {},
  ): Promise<Page<EnvironmentKey>> {
    const org = options.org ?? this.defaultOrg;
    await this.requireOrg(org, 'member', 'list', 'listing environments');
    const page = await this.scoped.listEnvironments({ ...options, org });
    const readable: EnvironmentKey[] = [];
    for (const env of page.items)
      if ((await this.access.check('read', env)).allowed) readable.push(env);
    return { items: readable, ...(page.next === undefined ? {} : { next: page.next }) };
  }

  async resolve(ref: string | EnvironmentRef): Promise<ResolvedRevision> {
    const parsed = typeof ref === 'string' ? this.parseRef(ref) : ref;
    await this.require('read', checkEnvironmentKey(parsed.env));
    return await this.scoped.resolve(parsed);
  }

  async readDefinition(
    ref: string | ResolvedRevision,
    options: { showSecrets?: boolean } = {},
  ): Promise<RevisionContent> {
    const action = options.showSecrets === true ? 'decrypt' : 'read';
    const resolved = await this.resolveAs(ref, action);
    const content = await this.scoped.readDefinition(resolved, options);
    if (action === 'decrypt')
      await this.record({ action: 'decrypt', env: resolved.env, revision: resolved.revision });
    return content;
  }

  async updateDefinition(
    input: EnvironmentInput,
    definition: string,
    options: ActorOptions & { basedOn: number },
  ): Promise<WrittenRevision> {
    const env = this.keyOf(input);
    await this.require('write', env);
    return await this.scoped.updateDefinition(env, definition, { ...options, actor: this.actor });
  }

  async rollback(
    input: EnvironmentInput,
    revision: number,
    options: ActorOptions & { basedOn: number },
  ): Promise<WrittenRevision> {
    const env = this.keyOf(input);
    await this.require('rollback', env);
    return await this.scoped.rollback(env, revision, { ...options, actor: this.actor });
  }

  async listRevisions(
    input: EnvironmentInput,
    options: PageOptions = {},
  ): Promise<Page<RevisionSummary>> {
    const env = this.keyOf(input);
    await this.require('read', env);
    return await this.scoped.listRevisions(env, options);
  }

  async tagRevision(
    input: EnvironmentInput,
    tag: string,
    revision: number,
    options: ActorOptions & { expect?: number | null },
  ): Promise<TagInfo> {
    const env = this.keyOf(input);
    await this.require('tag', env);
    return await this.scoped.tagRevision(env, tag, revision, { ...options, actor: this.actor });
  }

  async untagRevision(input: EnvironmentInput, tag: string, options: ActorOptions): Promise<void> {
    const env = this.keyOf(input);
    await this.require('untag', env);
    await this.scoped.untagRevision(env, tag, { ...options, actor: this.actor });
  }

  async getTag(input: EnvironmentInput, tag: string): Promise<TagInfo> {
    const env = this.keyOf(input);
    await this.require('read', env);
    return await this.scoped.getTag(env, tag);
  }

  async listTags(input: EnvironmentInput, options: PageOptions = {}): Promise<Page<TagInfo>> {
    const env = this.keyOf(input);
    await this.require('read', env);
    return await this.scoped.listTags(env, options);
  }

  async retractRevision(
    input: EnvironmentInput,
    revision: number,
    options: ActorOptions & { reason?: string; replacement?: number },
  ) {
    const env = this.keyOf(input);
    await this.require('retract', env);
    return await this.scoped.retractRevision(env, revision, { ...options, actor: this.actor });
  }

  async setDeletionProtection(
    input: EnvironmentInput,
    on: boolean,
    options: ActorOptions,
  ): Promise<void> {
    const env = this.keyOf(input);
    await this.require('settings', env);
    await this.scoped.setDeletionProtection(env, on, { ...options, actor: this.actor });
  }

  async updateLabels(
    input: EnvironmentInput,
    changes: Readonly<Record<string, string | null>>,
    options: ActorOptions,
  ): Promise<Record<string, string>> {
    const env = this.keyOf(input);
    await this.require('update', env);
    return await this.scoped.updateLabels(env, changes, { ...options, actor: this.actor });
  }

  async deleteEnvironment(input: EnvironmentInput, options: ActorOptions): Promise<void> {
    const env = this.keyOf(input);
    await this.require('delete', env);
    await this.scoped.deleteEnvironment(env, { ...options, actor: this.actor });
  }

  async open(ref: string | ResolvedRevision, options: ActorOptions): Promise<OpenedEnvironment> {
    const resolved = await this.resolveAs(ref, 'open');
    return await this.scoped.open(resolved, { ...options, actor: this.actor });
  }

  /** Opens into a session (see EnvironmentsService.openSession): needs `open`. */
  async openSession(
    ref: string | ResolvedRevision,
    options: ActorOptions & { durationMs?: number | undefined },
  ): Promise<OpenedSession> {
    const resolved = await this.resolveAs(ref, 'open');
    return await this.scoped.openSession(resolved, { ...options, actor: this.actor });
  }

  /** Reads a session the caller opened (see EnvironmentsService.readSession). */
  async readSession(
    input: EnvironmentInput,
    id: string,
    options: ActorOptions & { property?: string | undefined },
  ): Promise<string> {
    const env = this.keyOf(input);
    await this.require('read-session', env);
    return await this.scoped.readSession(env, id, { ...options, actor: this.actor });
  }

  async check(target: CheckTarget, options: CheckOptions): Promise<CheckedEnvironment> {
    const opens = options.showSecrets === true || options.mode === 'eval';
    const as = { ...options, actor: this.actor };
    if (typeof target === 'object' && 'org' in target) {
      await this.requireOrg(target.org, 'member', 'check', 'checking definitions');
      return await this.scoped.check(target, as);
    }
    if (typeof target === 'object' && 'definition' in target) {
      const env = this.keyOf(target.env);
      await this.require(opens ? 'open' : 'check', env);
      return await this.scoped.check({ env, definition: target.definition }, as);
    }
    return await this.scoped.check(await this.resolveAs(target, opens ? 'open' : 'check'), as);
  }

  async clone(
    source: EnvironmentInput,
    target: EnvironmentInput,
    options: CloneOptions,
  ): Promise<void> {
    const from = this.keyOf(source);
    const to = this.keyOf(target);
    await this.require('clone', from);
    await this.requireOrg(to.org, 'member', 'create', 'creating environments');
    await this.scoped.clone(from, to, { ...options, actor: this.actor });
    await this.record({
      action: 'clone',
      env: from,
      details: { target: formatEnvironmentKey(to) },
    });
  }

  /** The audit log of an organization (or one of its environments): its admins' to read. */
  async listAudit(options: ListAuditInput = {}): Promise<Page<AuditEvent>> {
    const env = options.env === undefined ? undefined : this.keyOf(options.env);
    const org = env?.org ?? options.org ?? this.defaultOrg;
    await this.requireOrg(org, 'admin', 'read-audit', 'reading the audit log');
    return await this.scoped.listAudit({
      ...options,
      ...(env === undefined ? {} : { env }),
      org,
    });
  }

  /** Follows the chains of an organization's audit log: its admins' to do. */
  async verifyAudit(options: { org?: string } = {}): Promise<AuditVerification> {
    const org = options.org ?? this.defaultOrg;
    await this.requireOrg(org, 'admin', 'read-audit', 'verifying the audit log');
    return await this.scoped.verifyAudit({ org });
  }

  /** An environment named without a version (a version is refused by the call itself). */
  private keyOf(input: EnvironmentInput): EnvironmentKey {
    return typeof input === 'string'
      ? checkEnvironmentKey(this.parseRef(input).env)
      : checkEnvironmentKey(input);
  }

  /**
   * A ref resolved after `action` is allowed on its environment. A revision resolved by the
   * client is resolved again: its uid must be the environment's, so it cannot point elsewhere.
   */
  private async resolveAs(
    ref: string | ResolvedRevision,
    action: EnvironmentAction,
  ): Promise<ResolvedRevision> {
    if (typeof ref === 'string') {
      const parsed = this.parseRef(ref);
      await this.require(action, checkEnvironmentKey(parsed.env));
      return await this.scoped.resolve(parsed);
    }
    const env = checkEnvironmentKey(ref.env);
    await this.require(action, env);
    const again = await this.scoped.resolve(
      formatEnvironmentRef({ env, version: { kind: 'revision', number: ref.revision } }),
    );
    if (again.uid !== ref.uid)
      throw new NotFoundError(`revision ${ref.revision} of ${formatEnvironmentKey(env)} not found`);
    return { ...again, version: ref.version };
  }

  /** The import guard: the caller's permission on each environment an evaluation loads. */
  private async allowImport(env: EnvironmentKey, needed: 'read' | 'open'): Promise<void> {
    const decision = await this.access.checkLevel(needed, env, needed === 'open' ? 'open' : 'read');
    if (decision.allowed) return;
    await this.record({
      action: needed === 'open' ? 'open' : 'read',
      env,
      details: { outcome: 'denied', reason: `import: ${decision.reason}` },
    });
    // The same words whether or not it exists: a refusal never says what is there.
    throw new Error(
      `permission denied: you may not ${needed} ${formatEnvironmentKey(env)} (it needs the ${needed} permission)`,
    );
  }
}

/** Where events about an organization itself (teams, grants, tokens, settings) are recorded. */
export function orgEnvironment(org: string): EnvironmentKey {
  return { org, project: '*', name: '*' };
}
