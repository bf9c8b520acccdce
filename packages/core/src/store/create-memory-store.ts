import { NotFoundError } from '../errors.js';
import { createMemoryDocuments } from './documents.js';
import { pageOf } from './paging.js';
import type {
  AuditEvent,
  EnvironmentHead,
  EnvironmentKey,
  EnvironmentRecord,
  KeyringRecord,
  ListAuditOptions,
  ListEnvironmentsOptions,
  ListOptions,
  Page,
  RevisionInfo,
  RevisionRecord,
  Store,
  Versioned,
} from './store.js';
import { formatEnvironmentKey } from './store.js';

interface Slot {
  key: EnvironmentKey;
  record: EnvironmentRecord;
  version: number;
  revisions: RevisionRecord[];
}

/**
 * The reference store: everything in memory, every operation trivially atomic because nothing in
 * it awaits between reading and writing. Other stores must behave exactly like it. Its documents
 * are a `createMemoryDocuments()` of its own.
 */
export function createMemoryStore(): Store {
  const envs = new Map<string, Slot>();
  const audit: AuditEvent[] = [];
  let versionCounter = 0;
  let keyring: { record: KeyringRecord; version: number } | undefined;

  const latestOf = (slot: Slot): number => Math.max(0, ...slot.revisions.map((r) => r.number));
  const slotFor = (env: EnvironmentKey, uid: string): Slot | undefined => {
    const slot = envs.get(formatEnvironmentKey(env));
    return slot?.record.uid === uid ? slot : undefined;
  };

  return {
    ...createMemoryDocuments(),

    createEnvironment(env, record, first, event) {
      const id = formatEnvironmentKey(env);
      if (envs.has(id)) return Promise.resolve(false);
      envs.set(id, {
        key: { org: env.org, project: env.project, name: env.name },
        record: structuredClone(record),
        version: ++versionCounter,
        revisions: [copyRevision(first)],
      });
      if (event !== undefined) audit.push(structuredClone(event));
      return Promise.resolve(true);
    },

    getEnvironment(env): Promise<EnvironmentHead | undefined> {
      const slot = envs.get(formatEnvironmentKey(env));
      if (!slot) return Promise.resolve(undefined);
      return Promise.resolve({
        value: structuredClone(slot.record),
        version: String(slot.version),
        latest: latestOf(slot),
      });
    },

    updateEnvironment(env, record, expectedVersion) {
      const slot = envs.get(formatEnvironmentKey(env));
      if (!slot || String(slot.version) !== expectedVersion) return Promise.resolve(null);
      slot.record = structuredClone(record);
      slot.version = ++versionCounter;
      return Promise.resolve(String(slot.version));
    },

    deleteEnvironment(env, expectedVersion) {
      const id = formatEnvironmentKey(env);
      const slot = envs.get(id);
      if (!slot || String(slot.version) !== expectedVersion) return Promise.resolve(false);
      envs.delete(id);
      return Promise.resolve(true);
    },

    listEnvironments(options: ListEnvironmentsOptions): Promise<Page<EnvironmentKey>> {
      const prefix =
        options.org === undefined
          ? ''
          : `${options.org}/${options.project === undefined ? '' : `${options.project}/`}`;
      const ids = [...envs.keys()]
        .filter(
          (id) => id.startsWith(prefix) && (options.after === undefined || id > options.after),
        )
        .sort();
      const page = pageOf(ids, options, (id) => id);
      return Promise.resolve({
        ...page,
        items: page.items.map((id) => ({ ...envs.get(id)!.key })),
      });
    },

    appendRevision(env, uid, revision, event) {
      const slot = slotFor(env, uid);
      if (!slot)
        return Promise.reject(
          new NotFoundError(`environment ${formatEnvironmentKey(env)} not found`),
        );
      if (slot.revisions.some((r) => r.number === revision.number)) return Promise.resolve(false);
      slot.revisions.push(copyRevision(revision));
      if (event !== undefined) audit.push(structuredClone(event));
      return Promise.resolve(true);
    },

    getRevision(env, uid, revision) {
      const found = slotFor(env, uid)?.revisions.find((r) => r.number === revision);
      return Promise.resolve(found && copyRevision(found));
    },

    getLatestRevision(env, uid) {
      const slot = slotFor(env, uid);
      return Promise.resolve(slot ? latestOf(slot) : 0);
    },

    listRevisions(env, uid, options: ListOptions): Promise<Page<RevisionInfo>> {
      const after = options.after === undefined ? 0 : Number(options.after);
      const revisions = (slotFor(env, uid)?.revisions ?? [])
        .filter((r) => r.number > after)
        .sort((a, b) => a.number - b.number);
      const page = pageOf(revisions, options, (r) => String(r.number));
      return Promise.resolve({
        ...page,
        items: page.items.map(({ number, author, createdAt, copiedFrom }) => ({
          number,
          author,
          createdAt,
          copiedFrom,
        })),
      });
    },

    appendAudit(event) {
      if (audit.some((e) => e.id === event.id)) {
        return Promise.reject(new Error(`audit event ${event.id} already exists`));
      }
      audit.push(structuredClone(event));
      return Promise.resolve();
    },

    listAudit(options: ListAuditOptions): Promise<Page<AuditEvent>> {
      const envId = options.env && formatEnvironmentKey(options.env);
      const events = audit
        .filter(
          (e) =>
            (envId === undefined || formatEnvironmentKey(e.env) === envId) &&
            (options.org === undefined || e.env.org === options.org) &&
            (options.since === undefined || e.at >= options.since) &&
            (options.until === undefined || e.at < options.until) &&
            (options.after === undefined || e.id > options.after),
        )
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const page = pageOf(events, options, (e) => e.id);
      return Promise.resolve({ ...page, items: page.items.map((e) => structuredClone(e)) });
    },

    getKeyring(): Promise<Versioned<KeyringRecord> | undefined> {
      return Promise.resolve(
        keyring && { value: structuredClone(keyring.record), version: String(keyring.version) },
      );
    },

    putKeyring(record, expectedVersion) {
      const current = keyring === undefined ? null : String(keyring.version);
      if (current !== expectedVersion) return Promise.resolve(null);
      keyring = { record: structuredClone(record), version: ++versionCounter };
      return Promise.resolve(String(keyring.version));
    },

    close() {
      return Promise.resolve();
    },
  };
}

function copyRevision(r: RevisionRecord): RevisionRecord {
  return { ...r, definition: new Uint8Array(r.definition) };
}
