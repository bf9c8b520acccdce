import { randomUUID } from 'node:crypto';
import type {
  AuditEvent,
  EnvironmentKey,
  EnvironmentRecord,
  KeyringRecord,
  RevisionRecord,
} from '@strata/core';
import { AUDIT_ACTION_PATTERN } from '@strata/core';
import { z } from 'zod/mini';
import { en } from 'zod/locales';

/**
 * The on-bucket format of every object. Each object carries the schema version it was written
 * with (so an older Strata refuses a newer object instead of misreading it) and a random `writeId`,
 * which makes every write's bytes (hence its ETag) unique: a pointer rewritten with equal content
 * still gets a new ETag, and a retried write can recognise its own earlier success.
 */
export const SCHEMA_VERSION = 1;
/**
 * Environment objects are at schema 2: they carry the latest revision number, so one read of them
 * resolves any ref. Schema 1 (Strata 0.1) lacks it; such objects are still read, and the number is
 * then found by listing.
 */
export const ENVIRONMENT_SCHEMA_VERSION = 2;
/**
 * Audit objects are at schema 2: they live under their environment's key (`audit/env/...`), which
 * Strata 0.1 would list as events whose ids do not match; it refuses them by their schema instead.
 * Schema 1 events (Strata 0.1's, at `audit/<id>`) are still read.
 */
export const AUDIT_SCHEMA_VERSION = 2;

// zod/mini keeps schema construction cheap, which every CLI start-up pays for. It loads no locale,
// so parses pass the English messages explicitly (never z.config: this is a library).
const messages = { error: en().localeError };

// Shapes only: the service owns the rules about what values are allowed.
const isoTime = z.string();
const revisionNumber = z.int();

const tagMove = z.strictObject({
  from: z.nullable(revisionNumber),
  to: z.nullable(revisionNumber),
  by: z.string(),
  at: isoTime,
});

const environmentRecord = z.strictObject({
  uid: z.string().check(z.minLength(1)),
  createdAt: isoTime,
  createdBy: z.string(),
  deletionProtected: z.boolean(),
  labels: z.record(z.string(), z.string()),
  labelUpdates: z.optional(z.record(z.string(), z.strictObject({ at: isoTime, by: z.string() }))),
  tags: z.record(
    z.string(),
    z.strictObject({ revision: revisionNumber, history: z.array(tagMove) }),
  ),
  retractions: z.record(
    z.string(),
    z.strictObject({
      reason: z.string(),
      replacement: z.nullable(revisionNumber),
      by: z.string(),
      at: isoTime,
    }),
  ),
});

const envKey = z.strictObject({
  org: z.string().check(z.minLength(1)),
  project: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
});

const writeId = z.string().check(z.minLength(1));
const header = { schema: z.literal(SCHEMA_VERSION), writeId };

const environmentObject = z.discriminatedUnion('schema', [
  z.strictObject({ ...header, kind: z.literal('environment'), record: environmentRecord }),
  z.strictObject({
    schema: z.literal(ENVIRONMENT_SCHEMA_VERSION),
    writeId,
    kind: z.literal('environment'),
    record: environmentRecord,
    latest: revisionNumber.check(z.minimum(1)),
  }),
]);

const revisionObject = z.strictObject({
  ...header,
  kind: z.literal('revision'),
  env: envKey,
  uid: z.string().check(z.minLength(1)),
  number: revisionNumber.check(z.minimum(1)),
  author: z.string(),
  createdAt: isoTime,
  copiedFrom: z.nullable(revisionNumber),
  definition: z.base64(),
});

const auditObject = z.strictObject({
  schema: z.union([z.literal(SCHEMA_VERSION), z.literal(AUDIT_SCHEMA_VERSION)]),
  writeId,
  kind: z.literal('audit'),
  event: z.strictObject({
    id: z.string().check(z.minLength(1)),
    at: isoTime,
    actor: z.string(),
    action: z.string().check(z.regex(AUDIT_ACTION_PATTERN)),
    env: envKey,
    revision: z.nullable(revisionNumber),
    details: z.record(z.string(), z.string()),
  }),
});

const keyringObject = z.strictObject({
  ...header,
  kind: z.literal('keyring'),
  record: z.strictObject({
    orgs: z.record(
      z.string(),
      z.array(
        z.strictObject({
          id: z.string(),
          masterKeyId: z.string(),
          wrapped: z.string(),
          createdAt: isoTime,
        }),
      ),
    ),
  }),
});

// A document's value is any JSON (`DocumentStore`); the envelope names where it belongs.
const documentObject = z.strictObject({
  ...header,
  kind: z.literal('document'),
  collection: z.string(),
  id: z.string(),
  value: z.unknown(),
});

/** Why bytes read back are not a valid object; thrown by the decoders below. */
export class InvalidObjectError extends Error {}

function parse<T>(schema: z.ZodMiniType<T>, bytes: Uint8Array, readable = SCHEMA_VERSION): T {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidObjectError(
      bytes.length === 0 ? 'the object is empty' : 'not valid JSON (truncated?)',
    );
  }
  const schemaVersion = (json as { schema?: unknown } | null)?.schema;
  if (typeof schemaVersion === 'number' && schemaVersion > readable) {
    throw new InvalidObjectError(
      `written with schema ${schemaVersion} by a newer Strata; this version reads schema ${readable}`,
    );
  }
  const result = schema.safeParse(json, messages);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new InvalidObjectError(issues.join('; '));
  }
  return result.data;
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** An environment object: the metadata and, from schema 2 on, the latest revision number. */
export interface EnvironmentObject {
  readonly record: EnvironmentRecord;
  /** Undefined for a schema 1 object, which does not record it. */
  readonly latest: number | undefined;
}

export function encodeEnvironment(record: EnvironmentRecord, latest: number): Uint8Array {
  return encode({
    schema: ENVIRONMENT_SCHEMA_VERSION,
    kind: 'environment',
    writeId: randomUUID(),
    record,
    latest,
  });
}

export function decodeEnvironment(bytes: Uint8Array): EnvironmentObject {
  const o = parse(environmentObject, bytes, ENVIRONMENT_SCHEMA_VERSION);
  return { record: o.record, latest: 'latest' in o ? o.latest : undefined };
}

export function encodeRevision(
  env: EnvironmentKey,
  uid: string,
  revision: RevisionRecord,
): Uint8Array {
  return encode({
    schema: SCHEMA_VERSION,
    kind: 'revision',
    writeId: randomUUID(),
    env: { org: env.org, project: env.project, name: env.name },
    uid,
    number: revision.number,
    author: revision.author,
    createdAt: revision.createdAt,
    copiedFrom: revision.copiedFrom,
    definition: Buffer.from(
      revision.definition.buffer,
      revision.definition.byteOffset,
      revision.definition.byteLength,
    ).toString('base64'),
  });
}

/** Decodes a revision and checks it is the one its key names (a copied object is corrupt too). */
export function decodeRevision(
  bytes: Uint8Array,
  env: EnvironmentKey,
  uid: string,
  number: number,
): RevisionRecord {
  const o = parse(revisionObject, bytes);
  if (o.env.org !== env.org || o.env.project !== env.project || o.env.name !== env.name) {
    throw new InvalidObjectError(`belongs to ${o.env.org}/${o.env.project}/${o.env.name}`);
  }
  if (o.uid !== uid)
    throw new InvalidObjectError(`belongs to environment uid ${o.uid}, not ${uid}`);
  if (o.number !== number) throw new InvalidObjectError(`holds revision ${o.number}`);
  return {
    number: o.number,
    definition: new Uint8Array(Buffer.from(o.definition, 'base64')),
    author: o.author,
    createdAt: o.createdAt,
    copiedFrom: o.copiedFrom,
  };
}

export function encodeAudit(event: AuditEvent): Uint8Array {
  return encode({ schema: AUDIT_SCHEMA_VERSION, kind: 'audit', writeId: randomUUID(), event });
}

/**
 * Decodes an audit event and checks it is the one its key names: the event `id`, of `env` when
 * the key names one (a copied object is corrupt too).
 */
export function decodeAudit(bytes: Uint8Array, id: string, env?: EnvironmentKey): AuditEvent {
  const { event } = parse(auditObject, bytes, AUDIT_SCHEMA_VERSION);
  if (event.id !== id) throw new InvalidObjectError(`holds event ${event.id}`);
  if (
    env !== undefined &&
    (event.env.org !== env.org || event.env.project !== env.project || event.env.name !== env.name)
  ) {
    throw new InvalidObjectError(
      `holds an event of ${event.env.org}/${event.env.project}/${event.env.name}`,
    );
  }
  // Any well-formed action: a newer service's actions stay readable.
  return { ...event, action: event.action as AuditEvent['action'] };
}

export function encodeKeyring(record: KeyringRecord): Uint8Array {
  return encode({ schema: SCHEMA_VERSION, kind: 'keyring', writeId: randomUUID(), record });
}

export function decodeKeyring(bytes: Uint8Array): KeyringRecord {
  return parse(keyringObject, bytes).record;
}

/** A document object: `value` is JSON text the store has checked (`documentJson`). */
export function encodeDocument(collection: string, id: string, value: string): Uint8Array {
  const envelope = JSON.stringify({
    schema: SCHEMA_VERSION,
    kind: 'document',
    writeId: randomUUID(),
    collection,
    id,
  });
  return new TextEncoder().encode(`${envelope.slice(0, -1)},"value":${value}}`);
}

/** Decodes a document and checks it is the one its key names (a copied object is corrupt too). */
export function decodeDocument(bytes: Uint8Array, collection: string, id: string): unknown {
  const o = parse(documentObject, bytes);
  if (!('value' in o)) throw new InvalidObjectError('value: missing');
  if (o.collection !== collection || o.id !== id)
    throw new InvalidObjectError(`holds document ${o.collection}/${o.id}`);
  return o.value;
}
