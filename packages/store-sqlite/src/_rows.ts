import { z } from 'zod/mini';
import { en } from 'zod/locales';
import type {
  AuditAction,
  AuditEvent,
  EnvironmentRecord,
  KeyringRecord,
  RevisionRecord,
} from '@strata/core';
import { AUDIT_ACTION_PATTERN, StoreCorruptError } from '@strata/core';

// Rows are validated as they are read back: a corrupt or foreign row becomes a StoreCorruptError
// naming the environment and the object, never a crash later or silent garbage. zod/mini keeps
// schema construction cheap, which every CLI start-up pays for.

const messages = { error: en().localeError };

const timestamp = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected an ISO 8601 UTC time'));
const revisionNumber = z.int().check(z.minimum(1));

const environmentRecord = z.object({
  uid: z.string().check(z.minLength(1)),
  createdAt: timestamp,
  createdBy: z.string(),
  deletionProtected: z.boolean(),
  labels: z.record(z.string(), z.string()),
  labelUpdates: z.optional(z.record(z.string(), z.object({ at: timestamp, by: z.string() }))),
  tags: z.record(
    z.string(),
    z.object({
      revision: revisionNumber,
      history: z.array(
        z.object({
          from: z.nullable(revisionNumber),
          to: z.nullable(revisionNumber),
          by: z.string(),
          at: timestamp,
        }),
      ),
    }),
  ),
  retractions: z.record(
    z.string().check(z.regex(/^[1-9][0-9]*$/)),
    z.object({
      reason: z.string(),
      replacement: z.nullable(revisionNumber),
      by: z.string(),
      at: timestamp,
    }),
  ),
});

export const environmentRow = z.object({
  org: z.string(),
  project: z.string(),
  name: z.string(),
  uid: z.string(),
  version: z.string(),
  record: z.string(),
});
export type EnvironmentRow = z.infer<typeof environmentRow>;

const revisionRow = z.object({
  number: revisionNumber,
  definition: z.instanceof(Uint8Array),
  author: z.string(),
  created_at: timestamp,
  copied_from: z.nullable(revisionNumber),
});

const revisionInfoRow = z.omit(revisionRow, { definition: true });

const auditRow = z.object({
  id: z.string(),
  at: timestamp,
  org: z.string(),
  project: z.string(),
  name: z.string(),
  actor: z.string(),
  action: z.string().check(z.regex(AUDIT_ACTION_PATTERN)),
  revision: z.nullable(revisionNumber),
  details: z.string(),
});

const keyringRecord = z.object({
  orgs: z.record(
    z.string(),
    z.array(
      z.object({
        id: z.string(),
        masterKeyId: z.string(),
        wrapped: z.string(),
        createdAt: timestamp,
      }),
    ),
  ),
});

function check<T>(schema: z.ZodMiniType<T>, value: unknown, env: string, object: string): T {
  const result = schema.safeParse(value, messages);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new StoreCorruptError(env, object, `${where}${issue?.message ?? 'invalid'}`, {
    cause: result.error,
  });
}

function json(text: string, env: string, object: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreCorruptError(env, object, 'not valid JSON', { cause: error });
  }
}

export function parseEnvironmentRow(
  row: unknown,
  env: string,
): EnvironmentRow & { value: EnvironmentRecord } {
  const parsed = check(environmentRow, row, env, 'metadata');
  const value = check(environmentRecord, json(parsed.record, env, 'metadata'), env, 'metadata');
  if (value.uid !== parsed.uid)
    throw new StoreCorruptError(env, 'metadata', 'uid does not match its row');
  return { ...parsed, value };
}

export function parseRevisionRow(
  row: unknown,
  env: string,
  number: number | string,
): RevisionRecord {
  const r = check(revisionRow, row, env, `revision ${number}`);
  return {
    number: r.number,
    definition: new Uint8Array(r.definition),
    author: r.author,
    createdAt: r.created_at,
    copiedFrom: r.copied_from,
  };
}

export function parseRevisionInfoRow(
  row: unknown,
  env: string,
): Omit<RevisionRecord, 'definition'> {
  const number = (row as { number?: unknown } | undefined)?.number;
  const r = check(revisionInfoRow, row, env, `revision ${String(number)}`);
  return { number: r.number, author: r.author, createdAt: r.created_at, copiedFrom: r.copied_from };
}

export function parseAuditRow(row: unknown): AuditEvent {
  const id = String((row as { id?: unknown } | undefined)?.id);
  const r = check(auditRow, row, 'the audit log', `event ${id}`);
  const details = check(
    z.record(z.string(), z.string()),
    json(r.details, 'the audit log', `event ${id}`),
    'the audit log',
    `event ${id}`,
  );
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    // Any well-formed name: a newer service's actions stay readable.
    action: r.action as AuditAction,
    env: { org: r.org, project: r.project, name: r.name },
    revision: r.revision,
    details,
  };
}

export function parseKeyringRow(row: unknown): { value: KeyringRecord; version: string } {
  const r = check(
    z.object({ version: z.string(), record: z.string() }),
    row,
    'the store',
    'keyring',
  );
  return {
    value: check(keyringRecord, json(r.record, 'the store', 'keyring'), 'the store', 'keyring'),
    version: r.version,
  };
}

const documentRow = z.object({ id: z.string(), version: z.string(), value: z.string() });

/** A row of `documents` read from `collection`: its id, version and parsed JSON value. */
export function parseDocumentRow(
  row: unknown,
  collection: string,
): { id: string; version: string; value: unknown } {
  const id = String((row as { id?: unknown } | undefined)?.id);
  const object = `document ${collection}/${id}`;
  const r = check(documentRow, row, 'the store', object);
  return { id: r.id, version: r.version, value: json(r.value, 'the store', object) };
}
