/**
 * The storage contract every backend implements (in-memory, SQLite, S3).
 *
 * A store holds four kinds of data and no business rules:
 *  - one mutable metadata document per environment (`EnvironmentRecord`), replaced only by
 *    compare-and-set on an opaque `version` (an S3 ETag, a SQLite counter);
 *  - immutable revisions, appended create-only (`appendRevision` of N+1 fails if N+1 exists);
 *  - an append-only audit log;
 *  - small JSON documents by collection and id (`DocumentStore`: the server's users,
 *    organizations, tokens and open sessions), each replaced by compare-and-set on its version.
 *
 * The environments service (core/service) holds every rule: name validation, tags, retraction,
 * deletion protection, encryption. Stores never interpret definitions.
 *
 * Conventions for every method:
 *  - Expected races are results, not exceptions: a lost compare-and-set returns `null`/`false`.
 *  - Data read back that does not have the documented shape throws `StoreCorruptError` naming the
 *    environment and the object; I/O failures throw with the backend error as `cause`.
 *  - Times are ISO 8601 UTC strings with milliseconds (`2024-01-02T03:04:05.678Z`).
 *  - Returned objects are fresh copies: callers may not mutate what a store keeps.
 */

/** Names an environment. Each part matches `/^[A-Za-z0-9._-]+$/` (the service checks this). */
export interface EnvironmentKey {
  readonly org: string;
  readonly project: string;
  readonly name: string;
}

/** One move of a revision tag. `from` is null when the tag was created, `to` null when deleted. */
export interface TagMove {
  readonly from: number | null;
  readonly to: number | null;
  readonly by: string;
  readonly at: string;
}

/** A revision tag (`stable`, `prod`): a mutable pointer with its history, oldest move first. */
export interface TagRecord {
  readonly revision: number;
  readonly history: readonly TagMove[];
}

/** Marks a revision as withdrawn; the revision itself is never rewritten. */
export interface Retraction {
  readonly reason: string;
  /** The revision to use instead, if any. */
  readonly replacement: number | null;
  readonly by: string;
  readonly at: string;
}

/** The mutable metadata document of one environment. */
export interface EnvironmentRecord {
  /**
   * Random id fixed at creation. Revisions belong to it, so a deleted and recreated environment
   * never sees (or caches) its predecessor's revisions.
   */
  readonly uid: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly deletionProtected: boolean;
  /** Environment tags: free key/value labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Who last set each label, and when; absent for labels set before this was recorded. */
  readonly labelUpdates?: Readonly<Record<string, LabelUpdate>>;
  /** Revision tags by name (`latest` is implicit and never stored). */
  readonly tags: Readonly<Record<string, TagRecord>>;
  /** Retractions keyed by the revision number in decimal. */
  readonly retractions: Readonly<Record<string, Retraction>>;
}

export interface LabelUpdate {
  readonly at: string;
  readonly by: string;
}

/** A data key wrapped (AES-256-GCM) by the master key whose id is `masterKeyId`. */
export interface WrappedDataKey {
  readonly id: string;
  readonly masterKeyId: string;
  /** Base64 of iv (12 bytes) + tag (16 bytes) + encrypted key. */
  readonly wrapped: string;
  readonly createdAt: string;
}

/** The one keyring document of a store: every org's data keys, newest last. */
export interface KeyringRecord {
  readonly orgs: Readonly<Record<string, readonly WrappedDataKey[]>>;
}

/** A document with the opaque version a compare-and-set must name. */
export interface Versioned<T> {
  readonly value: T;
  readonly version: string;
}

/**
 * The metadata document with its version and the environment's newest revision number, read
 * together: everything an open needs to resolve a ref, in one read of a shared store.
 */
export interface EnvironmentHead extends Versioned<EnvironmentRecord> {
  /** What `getLatestRevision(env, value.uid)` answers at the moment of the read. */
  readonly latest: number;
}

/** An immutable revision. */
export interface RevisionRecord {
  /** 1, 2, 3, ... without gaps. */
  readonly number: number;
  /** The definition (UTF-8 YAML) with every secret already encrypted. */
  readonly definition: Uint8Array;
  readonly author: string;
  readonly createdAt: string;
  /** For a rollback: the revision whose definition was copied. */
  readonly copiedFrom: number | null;
}

/** A revision without its definition, for listings. */
export type RevisionInfo = Omit<RevisionRecord, 'definition'>;

/**
 * What an audit event records. Stores accept any name of `AUDIT_ACTION_PATTERN`, so a newer
 * service's actions never make an older store's log unreadable.
 */
export type AuditAction =
  | 'create'
  | 'write'
  | 'rollback'
  | 'tag'
  | 'untag'
  | 'retract'
  | 'update'
  | 'open'
  | 'delete'
  // An attempt refused before it ran (details.outcome is `denied`) names what was attempted:
  | 'read'
  | 'decrypt'
  | 'read-session'
  | 'clone'
  | 'check'
  | 'list'
  | 'settings'
  | 'read-access'
  | 'read-audit'
  | 'authenticate'
  // The organization's access: teams, grants, the default permission, tokens.
  | 'team-create'
  | 'team-update'
  | 'team-delete'
  | 'grant'
  | 'org-update'
  | 'token-create'
  | 'token-revoke'
  | 'token-exchange'
  | 'oidc-update';

/** The names stores accept as an audit action: lowercase words joined by `-`. */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** One audit log entry. */
export interface AuditEvent {
  /**
   * Unique and ordered by time: `<at>/<random hex>`, so sorting ids sorts events by time and
   * events stored at the same millisecond still have a stable order.
   */
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: AuditAction;
  readonly env: EnvironmentKey;
  /** The revision written, tagged, retracted or opened; null when none applies. */
  readonly revision: number | null;
  /** Action-specific facts (tag name, previous revision, reason), all strings. */
  readonly details: Readonly<Record<string, string>>;
}

/** Key-based pagination: `after` is the sort key of the last item already seen. */
export interface ListOptions {
  readonly after?: string;
  /** At least 1. */
  readonly limit: number;
}

/**
 * One page; `next` is set exactly when more items follow (as the listing found them) and is what to
 * pass as `after`. Stores cut pages with `pageOf` (paging.ts).
 */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

export interface ListEnvironmentsOptions extends ListOptions {
  readonly org?: string;
  /** Only with `org`. */
  readonly project?: string;
}

export interface ListAuditOptions extends ListOptions {
  /** Only events of this environment. */
  readonly env?: EnvironmentKey;
  /** Only events of environments of this organization (with `env`, both must hold). */
  readonly org?: string;
  /** Inclusive lower bound on `at`. */
  readonly since?: string;
  /** Exclusive upper bound on `at`. */
  readonly until?: string;
}

/** How `putDocument` may write. */
export interface PutDocumentOptions {
  /**
   * The document may be lost to a power failure (never to a crashed process) in exchange for not
   * waiting for the disk: for what expires soon anyway, like open sessions. Stores without such a
   * trade-off ignore it.
   */
  readonly ephemeral?: boolean;
}

/**
 * Small JSON documents by collection and id, each replaced only with compare-and-set on its
 * version: what the server keeps besides environments (users, organizations, access tokens, open
 * sessions). Every `Store` is one, so server processes sharing a store share them too.
 *
 * Collections are names of at most 64 characters from `[a-z0-9-]`, starting with a letter or a
 * digit. Ids are opaque strings of 1 to 200 characters from `[A-Za-z0-9._:@-]`, not made of dots
 * only (`.` and `..` are path segments to some S3 clients). Stores refuse anything else with
 * `InvalidArgumentError` (`checkDocumentKey` in documents.ts), so no id reaches outside its
 * collection. Values are anything `JSON.stringify` writes (`InvalidArgumentError` otherwise) and
 * are read back as `JSON.parse` reads that, as fresh copies. Versions are opaque strings; a
 * document rewritten with equal content gets a new one.
 */
export interface DocumentStore {
  getDocument(collection: string, id: string): Promise<Versioned<unknown> | undefined>;
  /**
   * Writes a document if its version is still `expectedVersion` (`null`: only if it does not
   * exist). ATOMIC compare-and-set. Returns the new version, or `null` (storing nothing) when the
   * check failed.
   */
  putDocument(
    collection: string,
    id: string,
    value: unknown,
    expectedVersion: string | null,
    options?: PutDocumentOptions,
  ): Promise<string | null>;
  /** Deletes a document if its version is still `expectedVersion`; false when the check failed. */
  deleteDocument(collection: string, id: string, expectedVersion: string): Promise<boolean>;
  /**
   * Documents of a collection in id order (code-unit order, equal to byte order for the allowed
   * characters); `after` and `next` are ids.
   */
  listDocuments(
    collection: string,
    options: ListOptions,
  ): Promise<Page<{ readonly id: string; readonly value: unknown }>>;
}

export interface Store extends DocumentStore {
  /**
   * Creates an environment: its metadata document and its revision 1, together.
   * ATOMIC: either both become visible or neither does; when two callers race for one name
   * exactly one gets `true`. Returns `false` (storing nothing visible) if the name exists.
   */
  createEnvironment(
    env: EnvironmentKey,
    record: EnvironmentRecord,
    first: RevisionRecord,
    audit?: AuditEvent,
  ): Promise<boolean>;

  /**
   * Reads the metadata document, its version and the latest revision number, as of one moment;
   * `undefined` if the environment does not exist.
   */
  getEnvironment(env: EnvironmentKey): Promise<EnvironmentHead | undefined>;

  /**
   * Replaces the metadata document if its version is still `expectedVersion`.
   * ATOMIC compare-and-set. Returns the new version, or `null` if the version moved on or the
   * environment no longer exists (nothing is stored then). `record.uid` never changes.
   */
  updateEnvironment(
    env: EnvironmentKey,
    record: EnvironmentRecord,
    expectedVersion: string,
  ): Promise<string | null>;

  /**
   * Deletes the environment (metadata and all revisions) if its version is still
   * `expectedVersion`. ATOMIC with respect to the metadata document: returns `false` and deletes
   * nothing if the version moved on or the environment is gone. Revisions may be removed after
   * the metadata, since nothing reaches them without it (their uid is gone). Audit events stay.
   */
  deleteEnvironment(env: EnvironmentKey, expectedVersion: string): Promise<boolean>;

  /**
   * Lists environment keys ordered by the string `org/project/name` (code-unit order, equal to
   * byte order for the allowed characters); `after` and `next` are such strings.
   */
  listEnvironments(options: ListEnvironmentsOptions): Promise<Page<EnvironmentKey>>;

  /**
   * Appends revision `revision.number` to the environment whose metadata has `uid`.
   * ATOMIC create-only: returns `false` and stores nothing if that number already exists, so of
   * several writers based on the same latest revision exactly one wins. The service only appends
   * `latest + 1`, which keeps numbers gapless. Throws `NotFoundError` if the store can tell the
   * environment (with this uid) is gone; a store that cannot tell cheaply may store the revision
   * where nothing reaches it.
   *
   * `audit`, when given, is recorded with the revision (and with the environment in
   * `createEnvironment`): in the same transaction where the backend has transactions, so one
   * durable commit covers both; otherwise right after a successful append.
   */
  appendRevision(
    env: EnvironmentKey,
    uid: string,
    revision: RevisionRecord,
    audit?: AuditEvent,
  ): Promise<boolean>;

  /** Reads one revision; `undefined` if it does not exist. Revisions never change once written. */
  getRevision(
    env: EnvironmentKey,
    uid: string,
    revision: number,
  ): Promise<RevisionRecord | undefined>;

  /**
   * The highest revision number (at least 1 for an existing environment, 0 if none is found).
   * Must reflect every append that returned before this call started.
   */
  getLatestRevision(env: EnvironmentKey, uid: string): Promise<number>;

  /** Lists revisions in ascending number order; `after` and `next` are decimal revision numbers. */
  listRevisions(
    env: EnvironmentKey,
    uid: string,
    options: ListOptions,
  ): Promise<Page<RevisionInfo>>;

  /** Appends an audit event. Ids are unique; appending never replaces an event. */
  appendAudit(event: AuditEvent): Promise<void>;

  /** Lists audit events ordered by `id` (hence by time); `after` and `next` are event ids. */
  listAudit(options: ListAuditOptions): Promise<Page<AuditEvent>>;

  /** Reads the keyring document; `undefined` before the first secret is ever encrypted. */
  getKeyring(): Promise<Versioned<KeyringRecord> | undefined>;

  /**
   * Writes the keyring document. ATOMIC compare-and-set: with `expectedVersion` null it succeeds
   * only if no keyring exists yet (create-only); otherwise only if the version is still
   * `expectedVersion`. Returns the new version, or `null` (storing nothing) on a lost race.
   */
  putKeyring(record: KeyringRecord, expectedVersion: string | null): Promise<string | null>;

  /** Releases connections and file handles. The store is unusable afterwards. */
  close(): Promise<void>;
}

/** Formats `org/project/name`. */
export function formatEnvironmentKey(env: EnvironmentKey): string {
  return `${env.org}/${env.project}/${env.name}`;
}
