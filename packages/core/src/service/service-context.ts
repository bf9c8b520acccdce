import type { ParseResult } from '../ast/environment-decl.js';
import type { SecretKeyring } from '../crypto/keyring.js';
import { encryptDefinitionSecrets } from '../crypto/encrypt-definition-secrets.js';
import {
  InvalidArgumentError,
  NotFoundError,
  RevisionRetractedError,
  StoreIoError,
} from '../errors.js';
import type {
  EnvironmentHead,
  EnvironmentKey,
  EnvironmentRecord,
  RevisionRecord,
  Store,
} from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import type { AuditContext, AuditLog } from './audit-log.js';
import type { EnvironmentRef, RefVersion } from './parse-environment-ref.js';
import { checkEnvironmentKey, parseEnvironmentRef } from './parse-environment-ref.js';
import type { OpenCache } from './open-cache.js';
import type { OpenSessions } from './open-sessions.js';
import type { RevisionCache } from './revision-cache.js';

/**
 * Asked before an evaluation loads another environment (an import, a `${environments...}`
 * reference) with what it needs of it: `read` to check, `open` to open or show secrets. A
 * rejection stops the load; its message is the diagnostic at the import.
 */
export type ImportAccess = (env: EnvironmentKey, needed: 'read' | 'open') => Promise<void>;

/** What one caller's calls add to the service: their audit facts and their access to imports. */
export interface ServiceScope {
  readonly audit?: AuditContext | undefined;
  readonly imports?: ImportAccess | undefined;
}

/** An environment given as a key or as a ref string without a version. */
export type EnvironmentInput = EnvironmentKey | string;

/** A ref resolved to one revision of one incarnation of an environment. */
export interface ResolvedRevision {
  readonly env: EnvironmentKey;
  readonly uid: string;
  readonly revision: number;
  /** How the revision was named. */
  readonly version: RefVersion;
}

/** One revision of one incarnation of an environment, however it was named. */
export type RevisionAt = Pick<ResolvedRevision, 'env' | 'uid' | 'revision'>;

const MAX_META_ATTEMPTS = 20;

/**
 * What every part of the service shares: the store, the keyring, the clock, the audit log, the
 * caches and the open sessions, and the rules all parts apply the same way (reading an environment's head,
 * resolving refs, which revisions may be used, read-modify-write of the metadata).
 */
export class ServiceContext {
  constructor(
    readonly store: Store,
    readonly keyring: SecretKeyring,
    readonly defaultOrg: string,
    readonly now: () => Date,
    readonly audit: AuditLog,
    readonly revisions: RevisionCache,
    readonly opens: OpenCache,
    readonly sessions: OpenSessions,
    readonly imports?: ImportAccess,
  ) {}

  /** The same context for one caller: the store, keys and caches shared. */
  scoped(scope: ServiceScope): ServiceContext {
    return new ServiceContext(
      this.store,
      this.keyring,
      this.defaultOrg,
      this.now,
      scope.audit === undefined ? this.audit : this.audit.with(scope.audit),
      this.revisions,
      this.opens,
      this.sessions,
      scope.imports ?? this.imports,
    );
  }

  timestamp(): string {
    return this.now().toISOString();
  }

  parseRef(ref: string): EnvironmentRef {
    return parseEnvironmentRef(ref, { org: this.defaultOrg });
  }

  /** An environment named without a version; `verb` says what was refused otherwise. */
  key(input: EnvironmentInput, verb: string): EnvironmentKey {
    if (typeof input !== 'string') return checkEnvironmentKey(input);
    const ref = this.parseRef(input);
    if (ref.version)
      throw new InvalidArgumentError(`cannot ${verb} ${input}: a version is not allowed here`);
    return ref.env;
  }

  /** The environment's head: metadata, its version and the latest revision number (one read). */
  async head(env: EnvironmentKey): Promise<EnvironmentHead> {
    const doc = await this.store.getEnvironment(env);
    if (!doc) throw new NotFoundError(`environment ${formatEnvironmentKey(env)} not found`);
    return doc;
  }

  /**
   * Resolves a ref (`env`, `project/env`, `org/project/env`, with `@N`, `@tag` or `@latest`) to one
   * revision. Reads one mutable pointer: the environment's head.
   */
  async resolve(ref: string | EnvironmentRef): Promise<ResolvedRevision> {
    const parsed = typeof ref === 'string' ? this.parseRef(ref) : ref;
    const env = checkEnvironmentKey(parsed.env);
    const version = parsed.version ?? { kind: 'latest' };
    const { value, latest } = await this.head(env);
    let revision: number;
    if (version.kind === 'latest') {
      revision = latest;
    } else if (version.kind === 'tag') {
      const tag = value.tags[version.name];
      if (!tag)
        throw new NotFoundError(`tag ${version.name} of ${formatEnvironmentKey(env)} not found`);
      revision = tag.revision;
    } else {
      revision = version.number;
    }
    usableRevision(env, value, latest, revision);
    return { env, uid: value.uid, revision, version };
  }

  /** Reads a resolved revision, from the cache when it was read before. */
  async revision(resolved: RevisionAt): Promise<{ record: RevisionRecord; text: string }> {
    const { env, uid, revision } = resolved;
    const cached = this.revisions.get(env, uid, revision);
    if (cached) return { record: cached, text: Buffer.from(cached.definition).toString('utf8') };
    const record = await this.store.getRevision(env, uid, revision);
    if (!record)
      throw new NotFoundError(`revision ${revision} of ${formatEnvironmentKey(env)} not found`);
    return { record, text: this.revisions.put(env, uid, record) };
  }

  /** A resolved revision's text and its parse under `name`, both cached. */
  async revisionParsed(
    resolved: RevisionAt,
    name: string,
  ): Promise<{ text: string; parsed: ParseResult }> {
    const { env, uid, revision } = resolved;
    const cached = this.revisions.parsed(env, uid, revision, name);
    if (cached !== undefined) return cached;
    await this.revision(resolved);
    return this.revisions.parsed(env, uid, revision, name)!;
  }

  /** Read-modify-write of the metadata document, retried when another writer got there first. */
  async updateMeta(
    env: EnvironmentKey,
    change: (doc: EnvironmentHead) => Promise<EnvironmentRecord | undefined>,
  ): Promise<EnvironmentRecord> {
    for (let attempt = 0; attempt < MAX_META_ATTEMPTS; attempt++) {
      const doc = await this.head(env);
      const next = await change(doc);
      if (next === undefined) return doc.value;
      if ((await this.store.updateEnvironment(env, next, doc.version)) !== null) return next;
    }
    throw new StoreIoError(
      `${formatEnvironmentKey(env)} kept changing while being updated; try again`,
    );
  }

  /** The number of attempts `updateMeta` makes; deletion retries as many times. */
  get metaAttempts(): number {
    return MAX_META_ATTEMPTS;
  }

  /**
   * Checks that `revision` may be used, as usableRevision does with the head's latest number; a
   * revision newer than the head was appended since it was read, and is looked up again.
   */
  async usable(env: EnvironmentKey, head: EnvironmentHead, revision: number): Promise<void> {
    let latest = head.latest;
    if (revision > latest) latest = await this.store.getLatestRevision(env, head.value.uid);
    usableRevision(env, head.value, latest, revision);
  }

  /** Encrypts the plaintext secrets of a definition for `env`. */
  encrypt(env: EnvironmentKey, definition: string): Promise<string> {
    return encryptDefinitionSecrets(
      definition,
      this.keyring.encrypter(env),
      formatEnvironmentKey(env),
    );
  }
}

/**
 * The one check of which revisions may be used (read, opened, tagged, copied, named as a
 * replacement): one that exists and was not retracted.
 */
export function usableRevision(
  env: EnvironmentKey,
  record: EnvironmentRecord,
  latest: number,
  revision: number,
): void {
  const name = formatEnvironmentKey(env);
  if (!Number.isSafeInteger(revision) || revision < 1 || revision > latest) {
    throw new NotFoundError(`revision ${revision} of ${name} not found`);
  }
  const retraction = record.retractions[String(revision)];
  if (retraction)
    throw new RevisionRetractedError(name, revision, retraction.reason, retraction.replacement);
}
