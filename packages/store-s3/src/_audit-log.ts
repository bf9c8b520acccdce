// The audit log in the bucket: one immutable object per event, under its environment
// (`audit/env/<org>/<project>/<name>/<id>`, README "Key layout"). Ids start with the event time,
// so within an environment key order is time order: a listing of one environment reads only that
// environment's keys, and a listing of the whole log (or of one organization, under
// `audit/env/<org>/`) merges the environments' keys by id, skipping past what its page cannot use.
// Strata 0.1 kept events at `audit/<id>`; they are still read.
import type { AuditEvent, BoundedMap, EnvironmentKey, ListAuditOptions, Page } from '@strata/core';
import { StoreIoError, formatEnvironmentKey, pageOf, mapLimit } from '@strata/core';
import type { KeyLayout } from './_keys.js';
import { FETCH_CONCURRENCY } from './_fetch-concurrency.js';
import { MAX_KEYS_PER_LIST, compareKeys, type ObjectIo } from './_object-io.js';
import { InvalidObjectError, decodeAudit, encodeAudit } from './_records.js';

export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  list(options: ListAuditOptions): Promise<Page<AuditEvent>>;
}

/** An event found by its key, in the old layout when `env` is absent; `event` once read. */
interface Found {
  readonly id: string;
  readonly key: string;
  readonly env?: EnvironmentKey;
  readonly event?: AuditEvent;
}

/** Old-layout keys listed at a time when their bodies must be read to filter them. */
const OLD_LAYOUT_BATCH = FETCH_CONCURRENCY * 4;
/**
 * Sorts after every character of an id (time, `/`, hex) and of environment names: a scan that
 * skips to `<environment prefix>~` passes the rest of that environment.
 */
const PAST_ENVIRONMENT = '~';

const byId = (a: Found, b: Found) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * `cache` holds immutable objects by key, shared with the revisions. `listPageSize` is the keys
 * per LIST request of a walk of the whole log (S3's maximum; tests make it small).
 */
export function createAuditLog(
  io: ObjectIo,
  layout: KeyLayout,
  cache: BoundedMap<unknown>,
  listPageSize = MAX_KEYS_PER_LIST,
): AuditLog {
  const root = layout.auditPrefix();
  const byEnv = layout.auditEnvPrefix();

  async function read(found: Found): Promise<AuditEvent | undefined> {
    if (found.event) return found.event;
    const cached = cache.get(found.key) as AuditEvent | undefined;
    if (cached) return cached;
    const stored = await io.read(found.key, 'audit log', `audit event ${found.id}`, (bytes) =>
      decodeAudit(bytes, found.id, found.env),
    );
    return stored && cache.remember(found.key, stored.value);
  }

  /** The first `want` events of `env` in [from, until) by id: one LIST while `want` <= 1000. */
  async function scanEnvironment(
    env: EnvironmentKey,
    from: string | undefined,
    until: string | undefined,
    want: number,
  ): Promise<Found[]> {
    const prefix = layout.auditEnvPrefix(env);
    const found: Found[] = [];
    await io.scanKeys(
      prefix,
      from === undefined ? undefined : prefix + from,
      (key) => {
        const id = key.slice(prefix.length);
        if (until !== undefined && id >= until) return 'stop';
        found.push({ id, key, env });
        return found.length < want ? 'next' : 'stop';
      },
      Math.min(want, MAX_KEYS_PER_LIST),
    );
    return found;
  }

  /**
   * The first `want` events of every environment (of `org` when given) in [from, until) by id. The
   * keys are walked in environment order; within one environment, ids before `from`, beyond
   * `until`, past the environment's first `want` or later than the `want` best found so far are
   * skipped in one jump. So the walk never sends more LIST requests than listing every key would
   * (one per 1000), nor more than about two per environment (fewer when one LIST spans several).
   * Without `org`, the walk starts at `audit/` and so meets the old layout's events first.
   */
  async function scanLog(
    from: string | undefined,
    until: string | undefined,
    want: number,
    org?: string,
  ): Promise<Found[]> {
    let found: Found[] = [];
    // Once `want` events are known, the greatest of them: a later id cannot be on the page.
    let bound: string | undefined;
    const keep = (item: Found) => {
      found.push(item);
      if (found.length >= 2 * want) trim();
    };
    const trim = () => {
      found.sort(byId);
      if (found.length >= want) {
        found = found.slice(0, want);
        bound = found[want - 1]!.id;
      }
    };
    const later = (id: string) =>
      (until !== undefined && id >= until) || (bound !== undefined && id > bound);
    let environment: string | undefined;
    let taken = 0;
    // Old-layout keys (`audit/<id>`) sort first: ids start with a digit or a sign. An org's walk
    // lists its own environments only; each first key jumps to `from` within its environment.
    const start = org !== undefined || from === undefined ? undefined : root + from;
    await io.scanKeys(
      org === undefined ? root : layout.auditOrgPrefix(org),
      start,
      (key) => {
        if (!key.startsWith(byEnv)) {
          if (compareKeys(key, byEnv) > 0) return 'stop';
          const id = key.slice(root.length);
          if (later(id)) return { skipTo: byEnv };
          keep({ id, key });
          return 'next';
        }
        const parsed = layout.parseAudit(key);
        if (parsed === undefined) {
          return io.corrupt(
            'audit log',
            'audit event',
            key,
            new InvalidObjectError('the key is not audit/env/<org>/<project>/<name>/<id>'),
          );
        }
        const prefix = layout.auditEnvPrefix(parsed.env);
        if (prefix !== environment) {
          environment = prefix;
          taken = 0;
        }
        if (from !== undefined && parsed.id <= from) return { skipTo: prefix + from };
        if (taken >= want || later(parsed.id)) return { skipTo: prefix + PAST_ENVIRONMENT };
        taken++;
        keep({ id: parsed.id, key, env: parsed.env });
        return 'next';
      },
      listPageSize,
    );
    trim();
    return found;
  }

  /**
   * The first `want` old-layout events in [from, until) that `keep` accepts, read as they are
   * listed: their keys do not name their environment.
   */
  async function scanOldLayout(
    from: string | undefined,
    until: string | undefined,
    want: number,
    keep: (event: AuditEvent) => boolean,
  ): Promise<Found[]> {
    const found: Found[] = [];
    let startAfter = from === undefined ? undefined : root + from;
    for (;;) {
      const { keys, more } = await io.listKeys(root, startAfter, OLD_LAYOUT_BATCH);
      const batch: Found[] = [];
      let done = !more;
      for (const key of keys) {
        const id = key.slice(root.length);
        if (compareKeys(key, byEnv) >= 0 || (until !== undefined && id >= until)) {
          done = true;
          break;
        }
        batch.push({ id, key });
      }
      const events = await mapLimit(batch, FETCH_CONCURRENCY, read);
      for (const [i, event] of events.entries()) {
        if (event === undefined || !keep(event)) continue;
        found.push({ ...batch[i]!, event });
        if (found.length >= want) return found;
      }
      const last = keys[keys.length - 1];
      if (done || last === undefined) return found;
      startAfter = last;
    }
  }

  return {
    async append(event) {
      const key = layout.audit(event.env, event.id);
      const result = await io.put(key, encodeAudit(event), { ifNoneMatch: '*' });
      if (!result.ok)
        throw new StoreIoError(`audit event ${event.id} already exists (${io.objectName(key)})`);
      cache.remember(key, structuredClone(event));
    },

    async list(options) {
      // Ids start with the event time, so `since` and `after` are both lower bounds on keys.
      const from = [options.after, options.since]
        .filter((s): s is string => s !== undefined)
        .sort()
        .pop();
      const { env, org, until } = options;
      // No environment's key segment holds a `/` or is empty: such an org has no events (and must
      // not list another prefix); nor has an org other than the environment's.
      if (org !== undefined && (org === '' || org.includes('/') || (env && env.org !== org)))
        return { items: [] };
      // One event more than the page tells whether another page follows.
      const want = options.limit + 1;
      let found: Found[];
      if (env === undefined && org === undefined) {
        found = await scanLog(from, until, want);
      } else if (env === undefined) {
        const [current, old] = await Promise.all([
          scanLog(from, until, want, org),
          scanOldLayout(from, until, want, (e) => e.env.org === org),
        ]);
        found = [...current, ...old].sort(byId).slice(0, want);
      } else {
        const name = formatEnvironmentKey(env);
        const [current, old] = await Promise.all([
          scanEnvironment(env, from, until, want),
          scanOldLayout(from, until, want, (e) => formatEnvironmentKey(e.env) === name),
        ]);
        found = [...current, ...old].sort(byId).slice(0, want);
      }
      const events = await mapLimit(found.slice(0, options.limit), FETCH_CONCURRENCY, read);
      const items = events.flatMap((event) =>
        event !== undefined &&
        (options.since === undefined || event.at >= options.since) &&
        (until === undefined || event.at < until)
          ? [structuredClone(event)]
          : [],
      );
      return pageOf(items, options, (e) => e.id, found.length > options.limit);
    },
  };
}
