import { randomBytes, randomUUID } from 'node:crypto';
import type { SecretKeyring } from '../crypto/keyring.js';
import { encryptDefinitionSecrets } from '../crypto/encrypt-definition-secrets.js';
import { decryptDefinitionSecrets } from '../crypto/decrypt-definition-secrets.js';
import type { Decrypter, EnvironmentLoader } from '../eval/host-interfaces.js';
import {
  AlreadyExistsError,
  DeletionProtectedError,
  InvalidArgumentError,
  NotFoundError,
  RevisionRetractedError,
  StoreConflictError,
  StoreIoError,
} from '../store/errors.js';
import type {
  AuditAction,
  AuditEvent,
  EnvironmentHead,
  EnvironmentKey,
  EnvironmentRecord,
  LabelUpdate,
  Page,
  Retraction,
  RevisionInfo,
  RevisionRecord,
  Store,
  TagMove,
  TagRecord,
  Versioned,
} from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import type { EnvironmentRef, RefVersion } from './parse-environment-ref.js';
import { createEnvironmentLoader } from './create-environment-loader.js';
import { checkEnvironmentKey, checkTagName, parseEnvironmentRef } from './parse-environment-ref.js';
import {
  DEFAULT_MAX_DEFINITION_BYTES,
  checkDefinitionLimit,
  checkDefinitionSize,
} from './definition-size.js';

/** Who performs an operation; recorded on revisions, tag moves and audit events. */
export interface ActorOptions {
  readonly actor: string;
}

export interface PageOptions {
  readonly after?: string;
  /** 1 to 1000; 100 if absent. */
  readonly limit?: number;
}

/** An environment given as a key or as a ref string without a version. */
export type EnvironmentInput = EnvironmentKey | string;

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

export interface RevisionSummary extends RevisionInfo {
  /** Tags pointing at this revision, sorted, `latest` included for the newest. */
  readonly tags: readonly string[];
  readonly retraction: Retraction | null;
}

export interface TagInfo {
  readonly name: string;
  readonly revision: number;
  readonly history: readonly TagMove[];
}

/** A ref resolved to one revision of one incarnation of an environment. */
export interface ResolvedRevision {
  readonly env: EnvironmentKey;
  readonly uid: string;
  readonly revision: number;
  /** How the revision was named. */
  readonly version: RefVersion;
}

export interface RevisionContent {
  readonly env: EnvironmentKey;
  readonly revision: RevisionInfo;
  /** The definition; secrets are ciphertext unless read with `showSecrets`. */
  readonly definition: string;
}

/** What the evaluate function handed to `open` receives. */
export interface OpenInput {
  readonly resolved: ResolvedRevision;
  /** `org/project/name`, the name to evaluate the root under. */
  readonly name: string;
  readonly definition: string;
  readonly decrypter: Decrypter;
  /** Loads imports relative to this environment through the service. */
  readonly loader: EnvironmentLoader;
}

export interface ListAuditInput extends PageOptions {
  readonly env?: EnvironmentInput;
  readonly since?: string;
  readonly until?: string;
}

export interface EnvironmentsServiceOptions {
  readonly store: Store;
  readonly keyring: SecretKeyring;
  /** The org of refs that name none; `default` if absent. */
  readonly defaultOrg?: string;
  readonly now?: () => Date;
  /** How many immutable revisions to keep in memory; 1000 if absent. */
  readonly cacheSize?: number;
  /**
   * The largest definition `createEnvironment` and `updateDefinition` accept, in bytes of UTF-8
   * (DEFAULT_MAX_DEFINITION_BYTES, 1 MiB, if absent); larger ones fail with
   * DefinitionTooLargeError. A rollback copies a stored revision and is not checked again.
   */
  readonly maxDefinitionBytes?: number;
}

const MAX_META_ATTEMPTS = 20;

/** The business rules over any store: revisions, tags, retraction, protection, secrets, audit. */
export class EnvironmentsService {
  readonly store: Store;
  readonly keyring: SecretKeyring;
  readonly defaultOrg: string;
  private readonly now: () => Date;
  private readonly cacheSize: number;
  readonly maxDefinitionBytes: number;
  // Immutable revisions by `name#uid@number`; a recreated environment has a new uid.
  private readonly revisions = new Map<string, RevisionRecord>();
  private auditSeq = 0;

  constructor(options: EnvironmentsServiceOptions) {
    this.store = options.store;
    this.keyring = options.keyring;
    this.defaultOrg = options.defaultOrg ?? 'default';
    this.now = options.now ?? (() => new Date());
    this.cacheSize = options.cacheSize ?? 1000;
    this.maxDefinitionBytes = checkDefinitionLimit(
      options.maxDefinitionBytes ?? DEFAULT_MAX_DEFINITION_BYTES,
    );
  }

  /** Parses a ref with this service's default org. */
  parseRef(ref: string): EnvironmentRef {
    return parseEnvironmentRef(ref, { org: this.defaultOrg });
  }

  /** Creates an environment whose revision 1 is `definition` (empty if absent). */
  async createEnvironment(
    input: EnvironmentInput,
    options: ActorOptions & { definition?: string },
  ): Promise<RevisionInfo> {
    const env = this.key(input, 'create');
    const name = formatEnvironmentKey(env);
    checkDefinitionSize(name, options.definition ?? '', this.maxDefinitionBytes);
    const at = this.timestamp();
    const definition = await this.encrypt(env, options.definition ?? '');
    const first: RevisionRecord = {
      number: 1,
      definition: Buffer.from(definition, 'utf8'),
      author: options.actor,
      createdAt: at,
      copiedFrom: null,
    };
    const record: EnvironmentRecord = {
      uid: randomUUID(),
      createdAt: at,
      createdBy: options.actor,
      deletionProtected: false,
      labels: {},
      tags: {},
      retractions: {},
    };
    const event = this.auditEvent('create', env, options.actor, 1);
    if (!(await this.store.createEnvironment(env, record, first, event))) {
      throw new AlreadyExistsError(`environment ${name} already exists`);
    }
    return info(first);
  }

  /** The environment's settings, tags and latest revision. */
  async getEnvironment(input: EnvironmentInput): Promise<EnvironmentInfo> {
    const env = this.key(input, 'get');
    const { value, latest } = await this.meta(env);
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
    return this.store.listEnvironments({ ...options, limit: pageLimit(options.limit) });
  }

  /**
   * Resolves a ref (`env`, `project/env`, `org/project/env`, with `@N`, `@tag` or `@latest`) to one
   * revision. Reads one mutable pointer: the environment's head (metadata and latest number).
   */
  async resolve(ref: string | EnvironmentRef): Promise<ResolvedRevision> {
    const parsed = typeof ref === 'string' ? this.parseRef(ref) : ref;
    const env = checkEnvironmentKey(parsed.env);
    const version = parsed.version ?? { kind: 'latest' };
    const { value, latest } = await this.meta(env);
    const name = formatEnvironmentKey(env);
    let revision: number;
    if (version.kind === 'latest') {
      revision = latest;
    } else if (version.kind === 'tag') {
      const tag = value.tags[version.name];
      if (!tag) throw new NotFoundError(`tag ${version.name} of ${name} not found`);
      revision = tag.revision;
    } else {
      revision = version.number;
      if (revision > latest) {
        throw new NotFoundError(`revision ${revision} of ${name} not found`);
      }
    }
    const retraction = value.retractions[String(revision)];
    if (retraction)
      throw new RevisionRetractedError(name, revision, retraction.reason, retraction.replacement);
    return { env, uid: value.uid, revision, version };
  }

  /** Reads a revision's definition; plaintext secrets only with `showSecrets`. */
  async readDefinition(
    ref: string | ResolvedRevision,
    options: { showSecrets?: boolean } = {},
  ): Promise<RevisionContent> {
    const resolved = typeof ref === 'string' ? await this.resolve(ref) : ref;
    const record = await this.revisionRecord(resolved);
    let definition = Buffer.from(record.definition).toString('utf8');
    if (options.showSecrets === true) {
      definition = await decryptDefinitionSecrets(
        definition,
        this.keyring.decrypter(resolved.env),
        formatEnvironmentKey(resolved.env),
      );
    }
    return { env: resolved.env, revision: info(record), definition };
  }

  /**
   * Writes a new revision. `basedOn` is the revision the definition was edited from; if another
   * write landed since, this fails with `StoreConflictError` naming both and stores nothing.
   * Plaintext secrets are encrypted first.
   */
  async updateDefinition(
    input: EnvironmentInput,
    definition: string,
    options: ActorOptions & { basedOn: number },
  ): Promise<RevisionInfo> {
    const env = this.key(input, 'update');
    checkDefinitionSize(formatEnvironmentKey(env), definition, this.maxDefinitionBytes);
    const encrypted = await this.encrypt(env, definition);
    return this.append(env, Buffer.from(encrypted, 'utf8'), options.basedOn, options.actor, null);
  }

  /** Writes a new revision that copies the definition of `revision`. */
  async rollback(
    input: EnvironmentInput,
    revision: number,
    options: ActorOptions & { basedOn: number },
  ): Promise<RevisionInfo> {
    const env = this.key(input, 'rollback');
    const { value } = await this.meta(env);
    const source = await this.revisionRecord({
      env,
      uid: value.uid,
      revision,
      version: { kind: 'revision', number: revision },
    });
    const retraction = value.retractions[String(revision)];
    if (retraction)
      throw new RevisionRetractedError(
        formatEnvironmentKey(env),
        revision,
        retraction.reason,
        retraction.replacement,
      );
    return this.append(env, source.definition, options.basedOn, options.actor, revision);
  }

  /** Revisions in ascending order with their tags and retractions; `after` is a revision number. */
  async listRevisions(
    input: EnvironmentInput,
    options: PageOptions = {},
  ): Promise<Page<RevisionSummary>> {
    const env = this.key(input, 'list revisions of');
    if (options.after !== undefined && !/^[0-9]+$/.test(options.after)) {
      throw new InvalidArgumentError(
        `invalid page token ${JSON.stringify(options.after)}: expected a revision number`,
      );
    }
    const { value, latest } = await this.meta(env);
    const page = await this.store.listRevisions(env, value.uid, {
      ...options,
      limit: pageLimit(options.limit),
    });
    const items = page.items.map((r) => ({
      ...r,
      tags: [
        ...Object.entries(value.tags)
          .filter(([, t]) => t.revision === r.number)
          .map(([tag]) => tag),
        ...(r.number === latest ? ['latest'] : []),
      ].sort(),
      retraction: value.retractions[String(r.number)] ?? null,
    }));
    return page.next === undefined ? { items } : { items, next: page.next };
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
    const env = this.key(input, 'tag');
    checkTagName(tag);
    if (tag === 'latest')
      throw new InvalidArgumentError(
        'the tag latest always names the newest revision and cannot be set',
      );
    const name = formatEnvironmentKey(env);
    const seen: { from: number | null } = { from: null };
    const result = await this.updateMeta(env, async ({ value }) => {
      const current = value.tags[tag];
      const from = current?.revision ?? null;
      seen.from = from;
      if (options.expect !== undefined && options.expect !== from) {
        throw new StoreConflictError(name, options.expect ?? 0, from ?? 0, { tag });
      }
      await this.checkRevisionUsable(env, value, revision);
      if (from === revision) return undefined;
      const move: TagMove = { from, to: revision, by: options.actor, at: this.timestamp() };
      return {
        ...value,
        tags: { ...value.tags, [tag]: { revision, history: [...(current?.history ?? []), move] } },
      };
    });
    if (seen.from !== revision)
      await this.audit('tag', env, options.actor, revision, { tag, from: String(seen.from ?? '') });
    const record = result.tags[tag];
    return { name: tag, revision, history: record?.history ?? [] };
  }

  /** Removes a tag. */
  async untagRevision(input: EnvironmentInput, tag: string, options: ActorOptions): Promise<void> {
    const env = this.key(input, 'untag');
    checkTagName(tag);
    let from = 0;
    await this.updateMeta(env, ({ value }) => {
      const current = value.tags[tag];
      if (!current) throw new NotFoundError(`tag ${tag} of ${formatEnvironmentKey(env)} not found`);
      from = current.revision;
      const tags = { ...value.tags };
      delete tags[tag];
      return Promise.resolve({ ...value, tags });
    });
    await this.audit('untag', env, options.actor, from, { tag });
  }

  async getTag(input: EnvironmentInput, tag: string): Promise<TagInfo> {
    const env = this.key(input, 'get tag of');
    const { value } = await this.meta(env);
    const record = value.tags[checkTagName(tag)];
    if (!record) throw new NotFoundError(`tag ${tag} of ${formatEnvironmentKey(env)} not found`);
    return { name: tag, revision: record.revision, history: record.history };
  }

  /** Tags ordered by name; `after` is a tag name. */
  async listTags(input: EnvironmentInput, options: PageOptions = {}): Promise<Page<TagInfo>> {
    const env = this.key(input, 'list tags of');
    const { value } = await this.meta(env);
    const limit = pageLimit(options.limit);
    const names = Object.keys(value.tags)
      .filter((n) => options.after === undefined || n > options.after)
      .sort();
    const items = names.slice(0, limit).map((n) => {
      const t = value.tags[n] as TagRecord;
      return { name: n, revision: t.revision, history: t.history };
    });
    const last = items[items.length - 1];
    return names.length > limit && last ? { items, next: last.name } : { items };
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
    const env = this.key(input, 'retract');
    const name = formatEnvironmentKey(env);
    let retraction: Retraction | undefined;
    let moved: string[] = [];
    await this.updateMeta(env, async ({ value }) => {
      const latest = await this.store.getLatestRevision(env, value.uid);
      if (!Number.isSafeInteger(revision) || revision < 1 || revision > latest) {
        throw new NotFoundError(`revision ${revision} of ${name} not found`);
      }
      if (revision === latest) {
        throw new InvalidArgumentError(
          `cannot retract revision ${revision} of ${name}: it is the latest; write a new revision first`,
        );
      }
      if (value.retractions[String(revision)]) {
        throw new InvalidArgumentError(`revision ${revision} of ${name} is already retracted`);
      }
      let replacement = options.replacement;
      if (replacement === undefined) {
        for (let r = revision - 1; r >= 1 && replacement === undefined; r--) {
          if (!value.retractions[String(r)]) replacement = r;
        }
        if (replacement === undefined) {
          throw new InvalidArgumentError(
            `cannot retract revision ${revision} of ${name}: no earlier revision to replace it; name a replacement`,
          );
        }
      } else {
        if (replacement === revision)
          throw new InvalidArgumentError('a revision cannot replace itself');
        await this.checkRevisionUsable(env, value, replacement);
      }
      const at = this.timestamp();
      retraction = { reason: options.reason ?? '', replacement, by: options.actor, at };
      const to = replacement;
      moved = Object.keys(value.tags).filter((t) => value.tags[t]?.revision === revision);
      const tags: Record<string, TagRecord> = { ...value.tags };
      for (const t of moved) {
        const old = tags[t] as TagRecord;
        tags[t] = {
          revision: to,
          history: [...old.history, { from: revision, to, by: options.actor, at }],
        };
      }
      return {
        ...value,
        tags,
        retractions: { ...value.retractions, [String(revision)]: retraction },
      };
    });
    const done = retraction as Retraction;
    await this.audit('retract', env, options.actor, revision, {
      reason: done.reason,
      replacement: String(done.replacement ?? ''),
      ...(moved.length > 0 ? { movedTags: moved.sort().join(',') } : {}),
    });
    return done;
  }

  async setDeletionProtection(
    input: EnvironmentInput,
    on: boolean,
    options: ActorOptions,
  ): Promise<void> {
    const env = this.key(input, 'protect');
    await this.updateMeta(env, ({ value }) =>
      Promise.resolve(
        value.deletionProtected === on ? undefined : { ...value, deletionProtected: on },
      ),
    );
    await this.audit('update', env, options.actor, null, { deletionProtected: String(on) });
  }

  /** Sets (string) or removes (null) environment labels; returns the resulting labels. */
  async updateLabels(
    input: EnvironmentInput,
    changes: Readonly<Record<string, string | null>>,
    options: ActorOptions,
  ): Promise<Record<string, string>> {
    const env = this.key(input, 'label');
    for (const [k, v] of Object.entries(changes)) {
      if (!/^[^\s\p{Cc}]{1,128}$/u.test(k))
        throw new InvalidArgumentError(`invalid label key ${JSON.stringify(k)}`);
      if (v !== null && (v.length > 1024 || /\p{Cc}/u.test(v))) {
        throw new InvalidArgumentError(
          `invalid value for label ${k}: at most 1024 characters, no control characters`,
        );
      }
    }
    const result = await this.updateMeta(env, ({ value }) => {
      const labels: Record<string, string> = { ...value.labels };
      const labelUpdates: Record<string, LabelUpdate> = { ...value.labelUpdates };
      const update: LabelUpdate = { at: this.timestamp(), by: options.actor };
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) {
          delete labels[k];
          delete labelUpdates[k];
        } else {
          labels[k] = v;
          labelUpdates[k] = update;
        }
      }
      return Promise.resolve({ ...value, labels, labelUpdates });
    });
    const details = Object.fromEntries(
      Object.entries(changes).map(([k, v]) => [`label:${k}`, v ?? '']),
    );
    await this.audit('update', env, options.actor, null, details);
    return { ...result.labels };
  }

  /** Deletes the environment and its revisions; refused while deletion protection is on. */
  async deleteEnvironment(input: EnvironmentInput, options: ActorOptions): Promise<void> {
    const env = this.key(input, 'delete');
    const name = formatEnvironmentKey(env);
    for (let attempt = 0; attempt < MAX_META_ATTEMPTS; attempt++) {
      const doc = await this.meta(env);
      if (doc.value.deletionProtected) throw new DeletionProtectedError(name);
      if (await this.store.deleteEnvironment(env, doc.version)) {
        await this.audit('delete', env, options.actor, doc.latest);
        return;
      }
    }
    throw new StoreIoError(`${name} kept changing while being deleted; try again`);
  }

  /**
   * Opens an environment: resolves the ref, reads the revision (cached), hands it to `evaluate`
   * with a decrypter and an import loader, and records an `open` audit event.
   */
  async open<T>(
    ref: string,
    evaluate: (input: OpenInput) => Promise<T>,
    options: ActorOptions,
  ): Promise<T> {
    const resolved = await this.resolve(ref);
    const record = await this.revisionRecord(resolved);
    const result = await evaluate({
      resolved,
      name: formatEnvironmentKey(resolved.env),
      definition: Buffer.from(record.definition).toString('utf8'),
      decrypter: this.keyring.decrypter(resolved.env),
      loader: createEnvironmentLoader(this, resolved.env),
    });
    await this.audit('open', resolved.env, options.actor, resolved.revision);
    return result;
  }

  /** Reads a resolved revision, from the in-memory cache when it was read before. */
  async revisionRecord(resolved: ResolvedRevision): Promise<RevisionRecord> {
    const cacheKey = `${formatEnvironmentKey(resolved.env)}#${resolved.uid}@${resolved.revision}`;
    const cached = this.revisions.get(cacheKey);
    if (cached) return cached;
    const record = await this.store.getRevision(resolved.env, resolved.uid, resolved.revision);
    if (!record)
      throw new NotFoundError(
        `revision ${resolved.revision} of ${formatEnvironmentKey(resolved.env)} not found`,
      );
    if (this.revisions.size >= this.cacheSize) {
      const oldest = this.revisions.keys().next();
      if (oldest.done !== true) this.revisions.delete(oldest.value);
    }
    this.revisions.set(cacheKey, record);
    return record;
  }

  /** Records an `open` of a revision opened without `open` (for hosts that evaluate themselves). */
  async recordOpen(resolved: ResolvedRevision, options: ActorOptions): Promise<void> {
    await this.audit('open', resolved.env, options.actor, resolved.revision);
  }

  /** Audit events ordered by time; `after` is an event id. */
  async listAudit(options: ListAuditInput = {}): Promise<Page<AuditEvent>> {
    const env =
      options.env === undefined ? undefined : this.key(options.env, 'list the audit log of');
    return this.store.listAudit({
      ...(options.after === undefined ? {} : { after: options.after }),
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.until === undefined ? {} : { until: options.until }),
      ...(env === undefined ? {} : { env }),
      limit: pageLimit(options.limit),
    });
  }

  private async append(
    env: EnvironmentKey,
    definition: Uint8Array,
    basedOn: number,
    actor: string,
    copiedFrom: number | null,
  ): Promise<RevisionInfo> {
    const name = formatEnvironmentKey(env);
    if (!Number.isSafeInteger(basedOn) || basedOn < 1) {
      throw new InvalidArgumentError(
        `invalid base revision ${basedOn}: revisions are numbered from 1`,
      );
    }
    const { value, latest } = await this.meta(env);
    if (latest !== basedOn) throw new StoreConflictError(name, basedOn, latest);
    const record: RevisionRecord = {
      number: basedOn + 1,
      definition,
      author: actor,
      createdAt: this.timestamp(),
      copiedFrom,
    };
    // The audit event goes with the revision: one durable commit where the store has transactions.
    const event = this.auditEvent(
      copiedFrom === null ? 'write' : 'rollback',
      env,
      actor,
      record.number,
      copiedFrom === null ? {} : { copiedFrom: String(copiedFrom) },
    );
    if (!(await this.store.appendRevision(env, value.uid, record, event))) {
      throw new StoreConflictError(
        name,
        basedOn,
        await this.store.getLatestRevision(env, value.uid),
      );
    }
    return info(record);
  }

  /** Read-modify-write of the metadata document, retried when another writer got there first. */
  private async updateMeta(
    env: EnvironmentKey,
    change: (doc: Versioned<EnvironmentRecord>) => Promise<EnvironmentRecord | undefined>,
  ): Promise<EnvironmentRecord> {
    for (let attempt = 0; attempt < MAX_META_ATTEMPTS; attempt++) {
      const doc = await this.meta(env);
      const next = await change(doc);
      if (next === undefined) return doc.value;
      if ((await this.store.updateEnvironment(env, next, doc.version)) !== null) return next;
    }
    throw new StoreIoError(
      `${formatEnvironmentKey(env)} kept changing while being updated; try again`,
    );
  }

  private async checkRevisionUsable(
    env: EnvironmentKey,
    value: EnvironmentRecord,
    revision: number,
  ): Promise<void> {
    const name = formatEnvironmentKey(env);
    if (
      !Number.isSafeInteger(revision) ||
      revision < 1 ||
      revision > (await this.store.getLatestRevision(env, value.uid))
    ) {
      throw new NotFoundError(`revision ${revision} of ${name} not found`);
    }
    const retraction = value.retractions[String(revision)];
    if (retraction)
      throw new RevisionRetractedError(name, revision, retraction.reason, retraction.replacement);
  }

  private async meta(env: EnvironmentKey): Promise<EnvironmentHead> {
    const doc = await this.store.getEnvironment(env);
    if (!doc) throw new NotFoundError(`environment ${formatEnvironmentKey(env)} not found`);
    return doc;
  }

  private key(input: EnvironmentInput, verb: string): EnvironmentKey {
    if (typeof input !== 'string') return checkEnvironmentKey(input);
    const ref = this.parseRef(input);
    if (ref.version)
      throw new InvalidArgumentError(`cannot ${verb} ${input}: a version is not allowed here`);
    return ref.env;
  }

  private encrypt(env: EnvironmentKey, definition: string): Promise<string> {
    return encryptDefinitionSecrets(
      definition,
      this.keyring.encrypter(env),
      formatEnvironmentKey(env),
    );
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  private async audit(
    action: AuditAction,
    env: EnvironmentKey,
    actor: string,
    revision: number | null,
    details: Record<string, string> = {},
  ): Promise<void> {
    await this.store.appendAudit(this.auditEvent(action, env, actor, revision, details));
  }

  private auditEvent(
    action: AuditAction,
    env: EnvironmentKey,
    actor: string,
    revision: number | null,
    details: Record<string, string> = {},
  ): AuditEvent {
    const at = this.timestamp();
    // The sequence keeps one process's events in order within a millisecond.
    const seq = (this.auditSeq++ % 0x100000000).toString(16).padStart(8, '0');
    const id = `${at}/${seq}${randomBytes(4).toString('hex')}`;
    return { id, at, actor, action, env, revision, details };
  }
}

/** Creates the environments service over a store. */
export function createEnvironmentsService(
  options: EnvironmentsServiceOptions,
): EnvironmentsService {
  return new EnvironmentsService(options);
}

function info(record: RevisionRecord): RevisionInfo {
  return {
    number: record.number,
    author: record.author,
    createdAt: record.createdAt,
    copiedFrom: record.copiedFrom,
  };
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidArgumentError(`invalid page size ${limit}: use 1 to 1000`);
  }
  return limit;
}
