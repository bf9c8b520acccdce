import type { SecretKeyring } from '../crypto/keyring.js';
import { InvalidArgumentError } from '../errors.js';
import type { EvaluationMode } from '../eval/evaluate-environment.js';
import type {
  AuditEvent,
  EnvironmentKey,
  LabelUpdate,
  Page,
  Retraction,
  Store,
} from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import type { EnvironmentLoader } from '../eval/host-interfaces.js';
import { AuditLog, type AuditEntry } from './audit-log.js';
import { escEventName } from './esc-event-names.js';
import { OpenCache } from './open-cache.js';
import { OpenSessions } from './open-sessions.js';
import { EnvironmentSessions, type OpenedSession } from './environment-sessions.js';
import { verifyAuditLog, type AuditVerification } from './verify-audit-log.js';
import { createEnvironmentLoader } from './create-environment-loader.js';
import { cloneEnvironment, type CloneOptions } from './clone-environment.js';
import { DEFAULT_MAX_DEFINITION_BYTES, checkDefinitionLimit } from './definition-size.js';
import {
  EnvironmentEvaluation,
  type EvaluatedEnvironment,
  type EvaluationSettings,
  type OpenedEnvironment,
} from './environment-evaluation.js';
import { Labels } from './labels.js';
import { pageLimit, type PageOptions } from './paging.js';
import { checkName, type EnvironmentRef } from './parse-environment-ref.js';
import { RevisionCache } from './revision-cache.js';
import {
  Revisions,
  type RevisionContent,
  type RevisionSummary,
  type WrittenRevision,
} from './revisions.js';
import {
  ServiceContext,
  type EnvironmentInput,
  type ResolvedRevision,
  type ServiceScope,
} from './service-context.js';
import { Tags, type TagInfo } from './tags.js';

/** Who performs an operation; recorded on revisions, tag moves and audit events. */
export interface ActorOptions {
  readonly actor: string;
}

export interface EnvironmentInfo {
  readonly env: EnvironmentKey;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly latest: number;
  readonly deletionProtected: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Who last set each label, and when (labels set before this was recorded have none). */
  readonly labelUpdates: Readonly<Record<string, LabelUpdate>>;
  /** Revision tags and the revision each points at (`latest` not included). */
  readonly tags: Readonly<Record<string, number>>;
}

export interface ListAuditInput extends PageOptions {
  readonly env?: EnvironmentInput;
  /** Only events of this organization's environments. */
  readonly org?: string;
  readonly since?: string;
  readonly until?: string;
  /** Only events of this actor (a login, `team:<t>`, `org:<o>`). */
  readonly actor?: string;
  /** Only events of these actions. */
  readonly actions?: readonly string[];
  /** Only events named by one of these: an ESC event name (`escEventName`) or an action. */
  readonly events?: readonly string[];
}

/**
 * What to check: a stored revision (a ref), a definition as if stored under `env`, or an
 * anonymous definition of `org` (ESC's `yaml/check`: named `<yaml>`, importing from `org`).
 */
export type CheckTarget =
  | string
  | ResolvedRevision
  | { env: EnvironmentInput; definition: string }
  | { org: string; definition: string };

export interface CheckOptions extends ActorOptions {
  /** Decrypt ciphertext secrets too (their values are shown, not unknown). */
  readonly showSecrets?: boolean | undefined;
  /** `check` (the default): providers are not called, their outputs are unknown. */
  readonly mode?: Exclude<EvaluationMode, 'rotate'> | undefined;
}

/** A checked environment; `resolved` is set when a stored revision was checked. */
export interface CheckedEnvironment extends EvaluatedEnvironment {
  readonly resolved?: ResolvedRevision | undefined;
}

export interface EnvironmentsServiceOptions extends EvaluationSettings {
  readonly store: Store;
  readonly keyring: SecretKeyring;
  /** The org of refs that name none; `default` if absent. */
  readonly defaultOrg?: string;
  readonly now?: () => Date;
  /**
   * How often an audit chain's head is written, at most, in milliseconds (each chain's first event
   * and `flush` write it at once); AUDIT_HEAD_INTERVAL_MS (1 s) if absent, 0 for every event.
   */
  readonly auditHeadIntervalMs?: number;
  /** How many immutable revisions to keep in memory; 1000 if absent. */
  readonly cacheSize?: number;
  /**
   * The largest definition `createEnvironment` and `updateDefinition` accept, in bytes of UTF-8
   * (DEFAULT_MAX_DEFINITION_BYTES, 1 MiB, if absent); larger ones fail with
   * DefinitionTooLargeError. A rollback copies a stored revision and is not checked again.
   */
  readonly maxDefinitionBytes?: number;
}

/**
 * The rules of Strata over any store, for every host (the CLI, the server, the console): refs and
 * revisions, tags, labels, retraction, deletion protection, secrets at rest, opening and checking
 * (with the write rule: a definition with errors is never stored), cloning, and the audit trail.
 * Each concept lives in its own part; this class is their one entry point.
 */
export class EnvironmentsService {
  readonly defaultOrg: string;
  readonly maxDefinitionBytes: number;
  private readonly ctx: ServiceContext;
  private readonly evaluation: EnvironmentEvaluation;
  private readonly revisions: Revisions;
  private readonly tags: Tags;
  private readonly labels: Labels;
  private readonly sessions: EnvironmentSessions;

  constructor(
    private readonly options: EnvironmentsServiceOptions,
    /** The context to share, for `scoped`. */
    shared?: ServiceContext,
  ) {
    const now = options.now ?? (() => new Date());
    this.defaultOrg = options.defaultOrg ?? 'default';
    this.maxDefinitionBytes = checkDefinitionLimit(
      options.maxDefinitionBytes ?? DEFAULT_MAX_DEFINITION_BYTES,
    );
    this.ctx =
      shared ??
      new ServiceContext(
        options.store,
        options.keyring,
        this.defaultOrg,
        now,
        new AuditLog(options.store, now, options.auditHeadIntervalMs),
        new RevisionCache(options.cacheSize ?? 1000),
        new OpenCache(),
        new OpenSessions(options.store, options.keyring, now),
      );
    this.evaluation = new EnvironmentEvaluation(this.ctx, options);
    this.revisions = new Revisions(this.ctx, this.evaluation, this.maxDefinitionBytes);
    this.tags = new Tags(this.ctx);
    this.labels = new Labels(this.ctx);
    this.sessions = new EnvironmentSessions(this.ctx, this.evaluation);
  }

  /**
   * This service for one caller: every audit event of its calls records `scope.audit`, and each
   * environment an evaluation loads besides the root is allowed by `scope.imports` first. The
   * store, keys and caches are shared; making one is cheap (one per request).
   */
  scoped(scope: ServiceScope): EnvironmentsService {
    return new EnvironmentsService(this.options, this.ctx.scoped(scope));
  }

  /**
   * Records an audit event of something decided outside the service's operations (an access
   * refused, a grant changed); a failure to store it fails the caller.
   */
  async recordAudit(entry: AuditEntry): Promise<void> {
    await this.ctx.audit.record(entry);
  }

  /**
   * Writes what the service holds back: the audit chains' heads, which move at most once a
   * second. Call it before closing the store; the service stays usable.
   */
  async flush(): Promise<void> {
    await this.ctx.audit.flush();
  }

  /** Parses a ref with this service's default org. */
  parseRef(ref: string): EnvironmentRef {
    return this.ctx.parseRef(ref);
  }

  /**
   * Creates an environment whose revision 1 is `definition` (empty if absent). A definition with
   * errors is refused (InvalidDefinitionError) and nothing is created; the result carries its
   * warnings.
   */
  async createEnvironment(
    input: EnvironmentInput,
    options: ActorOptions & { definition?: string },
  ): Promise<WrittenRevision> {
    return await this.revisions.create(
      this.ctx.key(input, 'create'),
      options.definition ?? '',
      options.actor,
    );
  }

  /** The environment's settings, tags and latest revision. */
  async getEnvironment(input: EnvironmentInput): Promise<EnvironmentInfo> {
    const env = this.ctx.key(input, 'get');
    const { value, latest } = await this.ctx.head(env);
    return {
      env,
      createdAt: value.createdAt,
      createdBy: value.createdBy,
      latest,
      deletionProtected: value.deletionProtected,
      labels: { ...value.labels },
      labelUpdates: { ...value.labelUpdates },
      tags: Object.fromEntries(Object.entries(value.tags).map(([tag, t]) => [tag, t.revision])),
    };
  }

  /** Lists environments ordered by `org/project/name`. */
  async listEnvironments(
    options: PageOptions & { org?: string; project?: string } = {},
  ): Promise<Page<EnvironmentKey>> {
    if (options.project !== undefined && options.org === undefined) {
      throw new InvalidArgumentError('listing by project needs an org');
    }
    return await this.ctx.store.listEnvironments({ ...options, limit: pageLimit(options.limit) });
  }

  /**
   * Resolves a ref (`env`, `project/env`, `org/project/env`, with `@N`, `@tag` or `@latest`) to one
   * revision. Reads one mutable pointer: the environment's head (metadata and latest number).
   */
  async resolve(ref: string | EnvironmentRef): Promise<ResolvedRevision> {
    return await this.ctx.resolve(ref);
  }

  /** Reads a revision's definition; plaintext secrets only with `showSecrets`. */
  async readDefinition(
    ref: string | ResolvedRevision,
    options: { showSecrets?: boolean } = {},
  ): Promise<RevisionContent> {
    const resolved = typeof ref === 'string' ? await this.ctx.resolve(ref) : ref;
    return this.revisions.read(resolved, options);
  }

  /**
   * Writes a new revision. `basedOn` is the revision the definition was edited from; if another
   * write landed since, this fails with `StoreConflictError` naming both and stores nothing.
   * A definition with errors is refused (InvalidDefinitionError). Plaintext secrets are
   * encrypted first.
   */
  async updateDefinition(
    input: EnvironmentInput,
    definition: string,
    options: ActorOptions & { basedOn: number },
  ): Promise<WrittenRevision> {
    return await this.revisions.update(
      this.ctx.key(input, 'update'),
      definition,
      options.basedOn,
      options.actor,
    );
  }

  /** Writes a new revision that copies the definition of `revision` (which must still check). */
  async rollback(
    input: EnvironmentInput,
    revision: number,
    options: ActorOptions & { basedOn: number },
  ): Promise<WrittenRevision> {
    return await this.revisions.rollback(
      this.ctx.key(input, 'rollback'),
      revision,
      options.basedOn,
      options.actor,
    );
  }

  /** Revisions in ascending order with their tags and retractions; `after` is a revision number. */
  async listRevisions(
    input: EnvironmentInput,
    options: PageOptions = {},
  ): Promise<Page<RevisionSummary>> {
    return await this.revisions.list(this.ctx.key(input, 'list revisions of'), options);
  }

  /**
   * Points `tag` at `revision`, creating it or moving it, and records the move. With `expect`,
   * fails with `StoreConflictError` unless the tag currently points there (null: does not exist).
   */
  async tagRevision(
    input: EnvironmentInput,
    tag: string,
    revision: number,
    options: ActorOptions & { expect?: number | null },
  ): Promise<TagInfo> {
    return await this.tags.set(this.ctx.key(input, 'tag'), tag, revision, options);
  }

  /** Removes a tag. */
  async untagRevision(input: EnvironmentInput, tag: string, options: ActorOptions): Promise<void> {
    return await this.tags.remove(this.ctx.key(input, 'untag'), tag, options.actor);
  }

  async getTag(input: EnvironmentInput, tag: string): Promise<TagInfo> {
    return await this.tags.get(this.ctx.key(input, 'get tag of'), tag);
  }

  /** Tags ordered by name; `after` is a tag name. */
  async listTags(input: EnvironmentInput, options: PageOptions = {}): Promise<Page<TagInfo>> {
    return await this.tags.list(this.ctx.key(input, 'list tags of'), options);
  }

  /**
   * Withdraws a revision: it can no longer be read or opened, and tags pointing at it move to the
   * replacement (by default the newest earlier revision not retracted). The latest revision
   * cannot be retracted; write a new one first.
   */
  async retractRevision(
    input: EnvironmentInput,
    revision: number,
    options: ActorOptions & { reason?: string; replacement?: number },
  ): Promise<Retraction> {
    return await this.revisions.retract(this.ctx.key(input, 'retract'), revision, options);
  }

  async setDeletionProtection(
    input: EnvironmentInput,
    on: boolean,
    options: ActorOptions,
  ): Promise<void> {
    return await this.labels.setDeletionProtection(
      this.ctx.key(input, 'protect'),
      on,
      options.actor,
    );
  }

  /** Sets (string) or removes (null) environment labels; returns the resulting labels. */
  async updateLabels(
    input: EnvironmentInput,
    changes: Readonly<Record<string, string | null>>,
    options: ActorOptions,
  ): Promise<Record<string, string>> {
    return await this.labels.update(this.ctx.key(input, 'label'), changes, options.actor);
  }

  /** Deletes the environment and its revisions; refused while deletion protection is on. */
  async deleteEnvironment(input: EnvironmentInput, options: ActorOptions): Promise<void> {
    return await this.revisions.deleteEnvironment(this.ctx.key(input, 'delete'), options.actor);
  }

  /**
   * Opens an environment (providers are called) at the revision a ref names, and records an
   * `open` audit event. Problems of the definition come back as diagnostics, not exceptions.
   */
  async open(ref: string | ResolvedRevision, options: ActorOptions): Promise<OpenedEnvironment> {
    const resolved = typeof ref === 'string' ? await this.ctx.resolve(ref) : ref;
    return this.evaluation.open(resolved, options.actor);
  }

  /**
   * Opens an environment into a session (ESC's `open`): evaluated once, audited as an `open`, and
   * kept encrypted in the store for `readSession` until it expires (after `durationMs`; ESC's
   * default of an hour if absent, at most a day). An environment with errors opens no session.
   */
  async openSession(
    ref: string | ResolvedRevision,
    options: ActorOptions & { durationMs?: number | undefined },
  ): Promise<OpenedSession> {
    const resolved = typeof ref === 'string' ? await this.ctx.resolve(ref) : ref;
    return this.sessions.open(resolved, options.actor, options.durationMs);
  }

  /**
   * Reads session `id` of an environment as ESC JSON (the Environment, or the Value at
   * `property`); only its opener may, and each read is audited. NotFoundError when unknown or
   * expired.
   */
  async readSession(
    input: EnvironmentInput,
    id: string,
    options: ActorOptions & { property?: string | undefined },
  ): Promise<string> {
    return this.sessions.read(this.ctx.key(input, 'read'), id, options.actor, options.property);
  }

  /**
   * Evaluates without opening: in `check` mode providers are not called (their outputs are
   * unknown) and nothing is audited. Takes a stored revision or a definition not saved yet.
   */
  async check(target: CheckTarget, options: CheckOptions): Promise<CheckedEnvironment> {
    const mode = options.mode ?? 'check';
    if (typeof target === 'object' && 'org' in target) {
      return await this.evaluation.evaluate({
        env: this.ctx.key({ org: target.org, project: 'default', name: 'yaml' }, 'check'),
        anonymous: true,
        definition: target.definition,
        mode,
        showSecrets: options.showSecrets,
        actor: options.actor,
      });
    }
    if (typeof target === 'object' && 'definition' in target) {
      return this.evaluation.evaluate({
        env: this.ctx.key(target.env, 'check'),
        definition: target.definition,
        mode,
        showSecrets: options.showSecrets,
        actor: options.actor,
      });
    }
    const resolved = typeof target === 'string' ? await this.ctx.resolve(target) : target;
    const read = await this.ctx.revisionParsed(resolved, formatEnvironmentKey(resolved.env));
    const checked = await this.evaluation.evaluate({
      env: resolved.env,
      definition: read.text,
      parsed: read.parsed,
      mode,
      showSecrets: options.showSecrets,
      actor: options.actor,
    });
    return { ...checked, resolved };
  }

  /**
   * The loader `open` and `check` give the evaluator for imports of `importer`, for hosts that
   * evaluate definitions themselves: names relative to it, revisions read through the service.
   */
  importLoader(importer: EnvironmentInput): EnvironmentLoader {
    return createEnvironmentLoader(this.ctx, this.ctx.key(importer, 'load imports of'));
  }

  /** Copies `source` (its latest revision, or its whole history) into a new environment `target`. */
  async clone(
    source: EnvironmentInput,
    target: EnvironmentInput,
    options: CloneOptions,
  ): Promise<void> {
    return cloneEnvironment(
      { ctx: this.ctx, revisions: this.revisions, tags: this.tags, labels: this.labels },
      this.ctx.key(source, 'clone'),
      this.ctx.key(target, 'clone into'),
      options,
    );
  }

  /**
   * Audit events ordered by time; `after` is an event id. With `actor`, `actions` or `events`,
   * store pages are read until `limit` events match or the log ends: a page is short only at the
   * log's end, and `next` (the last event's id) is set unless the log is known to end there.
   */
  async listAudit(options: ListAuditInput = {}): Promise<Page<AuditEvent>> {
    const env =
      options.env === undefined ? undefined : this.ctx.key(options.env, 'list the audit log of');
    const limit = pageLimit(options.limit);
    const query = {
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.until === undefined ? {} : { until: options.until }),
      ...(env === undefined ? {} : { env }),
      ...(options.org === undefined ? {} : { org: checkName(options.org, 'organization') }),
    };
    const { actor, actions, events } = options;
    if (actor === undefined && actions === undefined && events === undefined)
      return await this.ctx.audit.list({
        ...query,
        ...(options.after === undefined ? {} : { after: options.after }),
        limit,
      });
    const keep = (e: AuditEvent) =>
      (actor === undefined || e.actor === actor) &&
      (actions === undefined || actions.includes(e.action)) &&
      (events === undefined || events.includes(e.action) || events.includes(escEventName(e)));
    const items: AuditEvent[] = [];
    const full = () => ({ items, next: items[items.length - 1]!.id });
    let after = options.after;
    for (;;) {
      const page = await this.ctx.audit.list({
        ...query,
        ...(after === undefined ? {} : { after }),
        limit: 1000,
      });
      for (const event of page.items) {
        if (!keep(event)) continue;
        // One more match than the page holds: the page continues.
        if (items.length === limit) return full();
        items.push(event);
      }
      if (page.next === undefined) return { items };
      // Full, with more of the log unread: more may match.
      if (items.length === limit) return full();
      after = page.next;
    }
  }

  /**
   * Follows the audit log's hash chains (of `org`, or of every organization) and says what breaks
   * them: an event deleted or edited where the log is stored.
   */
  async verifyAudit(options: { org?: string } = {}): Promise<AuditVerification> {
    return await verifyAuditLog(
      this.ctx.store,
      options.org === undefined ? undefined : checkName(options.org, 'organization'),
    );
  }
}

/** Creates the environments service over a store. */
export function createEnvironmentsService(
  options: EnvironmentsServiceOptions,
): EnvironmentsService {
  return new EnvironmentsService(options);
}

export type {
  EnvironmentInput,
  ImportAccess,
  ResolvedRevision,
  ServiceScope,
} from './service-context.js';
export type { AuditContext, AuditEntry } from './audit-log.js';
export type { AuditProblem, AuditVerification } from './verify-audit-log.js';
export type { RevisionContent, RevisionSummary, WrittenRevision } from './revisions.js';
export type { TagInfo } from './tags.js';
export type { PageOptions } from './paging.js';
export type { CloneOptions } from './clone-environment.js';
export type { EvaluatedEnvironment, OpenedEnvironment } from './environment-evaluation.js';
export type { OpenedSession } from './environment-sessions.js';
