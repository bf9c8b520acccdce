// The audit log in the bucket: one immutable object per event.
import type { AuditEvent, ListAuditOptions, Page } from '@strata/core';
import { StoreIoError, formatEnvironmentKey, pageOf } from '@strata/core';
import type { BoundedMap } from './_bounded-map.js';
import type { KeyLayout } from './_keys.js';
import { FETCH_CONCURRENCY, mapLimit } from './_map-limit.js';
import type { ObjectIo } from './_object-io.js';
import { decodeAudit, encodeAudit } from './_records.js';

export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  list(options: ListAuditOptions): Promise<Page<AuditEvent>>;
}

/** `cache` holds immutable objects by key, shared with the revisions. */
export function createAuditLog(
  io: ObjectIo,
  layout: KeyLayout,
  cache: BoundedMap<unknown>,
): AuditLog {
  async function read(key: string, id: string): Promise<AuditEvent | undefined> {
    const cached = cache.get(key) as AuditEvent | undefined;
    if (cached) return cached;
    const stored = await io.read(key, 'audit log', `audit event ${id}`, (bytes) =>
      decodeAudit(bytes, id),
    );
    return stored && cache.remember(key, stored.value);
  }

  return {
    async append(event) {
      const key = layout.audit(event.id);
      const result = await io.put(key, encodeAudit(event), { ifNoneMatch: '*' });
      if (!result.ok)
        throw new StoreIoError(`audit event ${event.id} already exists (${io.objectName(key)})`);
      cache.remember(key, structuredClone(event));
    },

    async list(options) {
      const prefix = layout.auditPrefix();
      const envId = options.env && formatEnvironmentKey(options.env);
      // Ids start with the event time, so `since` and `after` both become a StartAfter.
      const from = [options.after, options.since]
        .filter((s): s is string => s !== undefined)
        .sort()
        .pop();
      let startAfter = from === undefined ? undefined : prefix + from;
      const matches: AuditEvent[] = [];
      // One extra match tells whether another page follows.
      while (matches.length <= options.limit) {
        const { keys, more } = await io.listKeys(prefix, startAfter, FETCH_CONCURRENCY * 4);
        const ids = keys.map((key) => key.slice(prefix.length));
        const inRange = options.until === undefined ? ids : ids.filter((id) => id < options.until!);
        const events = await mapLimit(inRange, FETCH_CONCURRENCY, (id) => read(prefix + id, id));
        for (const event of events) {
          if (!event) continue;
          if (envId !== undefined && formatEnvironmentKey(event.env) !== envId) continue;
          if (options.since !== undefined && event.at < options.since) continue;
          if (options.until !== undefined && event.at >= options.until) continue;
          if (options.after !== undefined && event.id <= options.after) continue;
          matches.push(structuredClone(event));
        }
        const last = keys[keys.length - 1];
        if (!more || last === undefined || inRange.length < ids.length) break;
        startAfter = last;
      }
      return pageOf(matches, options, (e) => e.id);
    },
  };
}
