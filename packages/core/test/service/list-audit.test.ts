import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey } from '../../src/crypto/master-key.js';
import {
  createEnvironmentsService,
  type ListAuditInput,
} from '../../src/service/environments-service.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { AuditEvent } from '../../src/store/store.js';

// A filtered listing of the audit log (by actor, action or ESC event name) reads the store's
// pages until its own page is full: a page is short only where the log ends, and only a page
// that may be followed by more matches carries a continuation token.

const env = { org: 'acme', project: 'app', name: 'dev' };

/** 250 events, every 40th a refused open by `mallory`, the rest `admin`'s writes. */
async function setUp() {
  const store = createMemoryStore();
  const masterKey = createMasterKey(new Uint8Array(32).fill(3));
  const service = createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey }),
  });
  for (let i = 0; i < 250; i++)
    await service.recordAudit(
      i % 40 === 0
        ? { action: 'open', env, actor: 'mallory', revision: 1, details: { outcome: 'denied' } }
        : { action: 'write', env, actor: 'admin', revision: i },
    );
  const everything = (await service.listAudit({ limit: 1000 })).items;
  // The store answers at most 16 events a page, so the matches lie on many pages.
  const listAudit = store.listAudit.bind(store);
  const reads = { count: 0 };
  store.listAudit = (options) => {
    reads.count++;
    return listAudit({ ...options, limit: Math.min(options.limit, 16) });
  };
  return { service, reads, everything };
}

/** Every page of a listing, following its continuation tokens. */
async function pages(
  list: (o: ListAuditInput) => Promise<{ items: AuditEvent[]; next?: string }>,
  options: ListAuditInput,
) {
  const all: { items: AuditEvent[]; next?: string }[] = [];
  let after: string | undefined;
  do {
    const page = await list({ ...options, ...(after === undefined ? {} : { after }) });
    all.push(page);
    after = page.next;
  } while (after !== undefined && all.length < 100);
  return all;
}

describe('listAudit with a filter', () => {
  const filters: [string, ListAuditInput][] = [
    ['actions', { actions: ['open'] }],
    ['actor', { actor: 'mallory' }],
    ['ESC event names', { events: ['environment-unauthorized-open'] }],
    ['actions named as events', { events: ['open'] }],
  ];
  for (const [name, filter] of filters)
    it(`fills each page with matches (${name}), the last one without a token`, async () => {
      const { service, reads, everything } = await setUp();
      expect(everything).toHaveLength(250);
      const matching = everything.filter((_, i) => i % 40 === 0);
      expect(matching).toHaveLength(7);

      reads.count = 0;
      const listed = await pages((o) => service.listAudit(o), { ...filter, limit: 5 });
      expect(listed.map((p) => p.items.length)).toEqual([5, 2]);
      expect(listed[0]!.next).toBe(listed[0]!.items[4]!.id);
      expect(listed[1]!.next).toBeUndefined();
      expect(listed.flatMap((p) => p.items)).toEqual(matching);
      // Across many store pages (16 events each), not one.
      expect(reads.count).toBeGreaterThan(10);
    });

  it('ends without a token when the log ends right after a full page', async () => {
    const { service } = await setUp();
    const listed = await pages((o) => service.listAudit(o), { actions: ['open'], limit: 7 });
    expect(listed.map((p) => [p.items.length, p.next])).toEqual([[7, undefined]]);
  });

  it('continues after an event id given as `after`', async () => {
    const { service, everything } = await setUp();
    const page = await service.listAudit({
      events: ['environment-unauthorized-open'],
      after: everything[100]!.id,
      limit: 2,
    });
    expect(page.items).toEqual([everything[120], everything[160]]);
    expect(page.next).toBe(everything[160]!.id);
  });

  it('combines its filters', async () => {
    const { service } = await setUp();
    expect((await service.listAudit({ actor: 'admin', events: ['open'] })).items).toEqual([]);
    const writes = await service.listAudit({ actor: 'admin', events: ['environment-updated'] });
    expect(writes.items).toHaveLength(100);
    expect(writes.next).toBeDefined();
  });
});
