import { randomUUID } from 'node:crypto';
import { decryptDefinitionSecrets } from '../crypto/decrypt-definition-secrets.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  AlreadyExistsError,
  DeletionProtectedError,
  InvalidArgumentError,
  NotFoundError,
  StoreConflictError,
  StoreIoError,
} from '../errors.js';
import type {
  EnvironmentKey,
  EnvironmentRecord,
  Page,
  Retraction,
  RevisionInfo,
  RevisionRecord,
  TagRecord,
} from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import { checkDefinitionSize } from './definition-size.js';
import type { EnvironmentEvaluation } from './environment-evaluation.js';
import { pageLimit, type PageOptions } from './paging.js';
import type { ResolvedRevision, ServiceContext } from './service-context.js';

export interface RevisionSummary extends RevisionInfo {
  /** Tags pointing at this revision, sorted, `latest` included for the newest. */
  readonly tags: readonly string[];
  readonly retraction: Retraction | null;
}

export interface RevisionContent {
  readonly env: EnvironmentKey;
  readonly revision: RevisionInfo;
  /** The definition; secrets are ciphertext unless read with `showSecrets`. */
  readonly definition: string;
}

/** A revision written, and the warnings of its definition (a definition with errors is refused). */
export interface WrittenRevision extends RevisionInfo {
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Revisions: creating an environment with its first, appending (update, rollback), reading,
 * listing, retracting, and deleting the environment with all of them. Every definition written
 * passes the size limit and the write rule first.
 */
export class Revisions {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EnvironmentEvaluation,
    private readonly maxDefinitionBytes: number,
  ) {}

  /** Creates `env` with `definition` as revision 1; `copy` skips the write rule (see clone). */
  async create(
    env: EnvironmentKey,
    definition: string,
    actor: string,
    copy = false,
  ): Promise<WrittenRevision> {
    const name = formatEnvironmentKey(env);
    checkDefinitionSize(name, definition, this.maxDefinitionBytes);
    const diagnostics =
      definition === '' || copy
        ? []
        : await this.evaluation.requireValid(env, definition, actor, 'created');
    const at = this.ctx.timestamp();
    const first: RevisionRecord = {
      number: 1,
      definition: Buffer.from(await this.ctx.encrypt(env, definition), 'utf8'),
      author: actor,
      createdAt: at,
      copiedFrom: null,
    };
    const record: EnvironmentRecord = {
      uid: randomUUID(),
      createdAt: at,
      createdBy: actor,
      deletionProtected: false,
      labels: {},
      tags: {},
      retractions: {},
    };
    const created = await this.ctx.audit.recordWith(
      { action: 'create', env, actor, revision: 1 },
      (event) => this.ctx.store.createEnvironment(env, record, first, event),
    );
    if (!created) {
      throw new AlreadyExistsError(`environment ${name} already exists`);
    }
    return { ...info(first), diagnostics };
  }

  /** Appends `definition` as the revision after `basedOn`; `copy` skips the write rule. */
  async update(
    env: EnvironmentKey,
    definition: string,
    basedOn: number,
    actor: string,
    copy = false,
  ): Promise<WrittenRevision> {
    checkDefinitionSize(formatEnvironmentKey(env), definition, this.maxDefinitionBytes);
    const diagnostics = copy
      ? []
      : await this.evaluation.requireValid(env, definition, actor, 'stored');
    const encrypted = await this.ctx.encrypt(env, definition);
    const written = await this.append(env, Buffer.from(encrypted, 'utf8'), basedOn, actor, null);
    return { ...written, diagnostics };
  }

  /**
   * Writes a new revision that copies the definition of `revision`, which must still check: a
   * definition whose import was deleted since is refused, as a new one would be.
   */
  async rollback(
    env: EnvironmentKey,
    revision: number,
    basedOn: number,
    actor: string,
  ): Promise<WrittenRevision> {
    const head = await this.ctx.head(env);
    await this.ctx.usable(env, head, revision);
    const { record, text } = await this.ctx.revision({ env, uid: head.value.uid, revision });
    const diagnostics = await this.evaluation.requireValid(env, text, actor, 'stored');
    const written = await this.append(env, record.definition, basedOn, actor, revision);
    return { ...written, diagnostics };
  }

  async read(
    resolved: ResolvedRevision,
    options: { showSecrets?: boolean },
  ): Promise<RevisionContent> {
    const { record, text } = await this.ctx.revision(resolved);
    const definition =
      options.showSecrets === true
        ? await decryptDefinitionSecrets(
            text,
            this.ctx.keyring.decrypter(resolved.env),
            formatEnvironmentKey(resolved.env),
          )
        : text;
    return { env: resolved.env, revision: info(record), definition };
  }

  /** Revisions in ascending order with their tags and retractions; `after` is a revision number. */
  async list(env: EnvironmentKey, options: PageOptions): Promise<Page<RevisionSummary>> {
    if (options.after !== undefined && !/^[0-9]+$/.test(options.after)) {
      throw new InvalidArgumentError(
        `invalid page token ${JSON.stringify(options.after)}: expected a revision number`,
      );
    }
    const { value, latest } = await this.ctx.head(env);
    const page = await this.ctx.store.listRevisions(env, value.uid, {
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
   * Withdraws a revision: it can no longer be read or opened, and tags pointing at it move to the
   * replacement (by default the newest earlier revision not retracted). The latest revision
   * cannot be retracted; write a new one first.
   */
  async retract(
    env: EnvironmentKey,
    revision: number,
    options: { actor: string; reason?: string; replacement?: number },
  ): Promise<Retraction> {
    const name = formatEnvironmentKey(env);
    const { actor } = options;
    let retraction: Retraction | undefined;
    let moved: string[] = [];
    await this.ctx.updateMeta(env, async (head) => {
      const { value } = head;
      const latest = await this.ctx.store.getLatestRevision(env, value.uid);
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
        await this.ctx.usable(env, { ...head, latest }, replacement);
      }
      const at = this.ctx.timestamp();
      retraction = { reason: options.reason ?? '', replacement, by: actor, at };
      const to = replacement;
      moved = Object.keys(value.tags).filter((t) => value.tags[t]?.revision === revision);
      const tags: Record<string, TagRecord> = { ...value.tags };
      for (const t of moved) {
        const old = tags[t] as TagRecord;
        tags[t] = {
          revision: to,
          history: [...old.history, { from: revision, to, by: actor, at }],
        };
      }
      return {
        ...value,
        tags,
        retractions: { ...value.retractions, [String(revision)]: retraction },
      };
    });
    const done = retraction as Retraction;
    await this.ctx.audit.record({
      action: 'retract',
      env,
      actor,
      revision,
      details: {
        reason: done.reason,
        replacement: String(done.replacement ?? ''),
        ...(moved.length > 0 ? { movedTags: moved.sort().join(',') } : {}),
      },
    });
    return done;
  }

  /** Deletes the environment and its revisions; refused while deletion protection is on. */
  async deleteEnvironment(env: EnvironmentKey, actor: string): Promise<void> {
    const name = formatEnvironmentKey(env);
    for (let attempt = 0; attempt < this.ctx.metaAttempts; attempt++) {
      const doc = await this.ctx.head(env);
      if (doc.value.deletionProtected) throw new DeletionProtectedError(name);
      if (await this.ctx.store.deleteEnvironment(env, doc.version)) {
        await this.ctx.audit.record({ action: 'delete', env, actor, revision: doc.latest });
        return;
      }
    }
    throw new StoreIoError(`${name} kept changing while being deleted; try again`);
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
    const { value, latest } = await this.ctx.head(env);
    if (latest !== basedOn) throw new StoreConflictError(name, basedOn, latest);
    const record: RevisionRecord = {
      number: basedOn + 1,
      definition,
      author: actor,
      createdAt: this.ctx.timestamp(),
      copiedFrom,
    };
    // The audit event goes with the revision: one durable commit where the store has transactions.
    const appended = await this.ctx.audit.recordWith(
      {
        action: copiedFrom === null ? 'write' : 'rollback',
        env,
        actor,
        revision: record.number,
        details: copiedFrom === null ? {} : { copiedFrom: String(copiedFrom) },
      },
      (event) => this.ctx.store.appendRevision(env, value.uid, record, event),
    );
    if (!appended) {
      throw new StoreConflictError(
        name,
        basedOn,
        await this.ctx.store.getLatestRevision(env, value.uid),
      );
    }
    return info(record);
  }
}

export function info(record: RevisionRecord): RevisionInfo {
  return {
    number: record.number,
    author: record.author,
    createdAt: record.createdAt,
    copiedFrom: record.copiedFrom,
  };
}
