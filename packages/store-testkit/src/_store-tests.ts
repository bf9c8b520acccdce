import { describe, expect } from 'vitest';
import type { AuditEvent, EnvironmentKey } from '@strata/core';
import { formatEnvironmentKey } from '@strata/core';
import type { ContractContext } from './_context.js';
import { collectPages, env, record, revision } from './_context.js';

const E = env('acme', 'app', 'dev');

/** The raw Store operations and their atomicity contracts. */
export function registerStoreTests({ test }: ContractContext): void {
  describe('store: environments', () => {
    test('create stores metadata and revision 1 together', async (store) => {
      const meta = record('u1', { labels: { team: 'core' }, deletionProtected: true });
      expect(await store.createEnvironment(E, meta, revision(1, 'values: {}'))).toBe(true);
      const doc = await store.getEnvironment(E);
      expect(doc?.value).toEqual(meta);
      expect(typeof doc?.version).toBe('string');
      const rev = await store.getRevision(E, 'u1', 1);
      expect(rev && new TextDecoder().decode(rev.definition)).toBe('values: {}');
      expect(await store.getLatestRevision(E, 'u1')).toBe(1);
    });

    test('metadata is read with the latest revision number, which appends raise and updates keep', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      expect((await store.getEnvironment(E))?.latest).toBe(1);
      await store.appendRevision(E, 'u1', revision(2));
      const doc = await store.getEnvironment(E);
      expect(doc?.latest).toBe(2);
      await store.updateEnvironment(E, record('u1', { labels: { a: '1' } }), doc!.version);
      expect(await store.getEnvironment(E)).toMatchObject({
        latest: 2,
        value: { labels: { a: '1' } },
      });
      expect(await store.getLatestRevision(E, 'u1')).toBe(2);
    });

    test('create of an existing name returns false and changes nothing', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1, 'first'));
      expect(await store.createEnvironment(E, record('u2'), revision(1, 'second'))).toBe(false);
      expect((await store.getEnvironment(E))?.value.uid).toBe('u1');
      const rev = await store.getRevision(E, 'u1', 1);
      expect(rev && new TextDecoder().decode(rev.definition)).toBe('first');
    });

    test('concurrent creates of one name: exactly one wins', async (store) => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.createEnvironment(E, record(`u${i}`), revision(1, `by ${i}`)),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await store.getEnvironment(E))?.value.uid).toBe(`u${winner}`);
    });

    test('missing environments read as undefined', async (store) => {
      expect(await store.getEnvironment(E)).toBeUndefined();
      expect(await store.getRevision(E, 'nope', 1)).toBeUndefined();
      expect(await store.getLatestRevision(E, 'nope')).toBe(0);
      expect((await store.listRevisions(E, 'nope', { limit: 10 })).items).toEqual([]);
    });

    test('metadata compare-and-set: a stale version stores nothing', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      const v1 = (await store.getEnvironment(E))!.version;
      const v2 = await store.updateEnvironment(E, record('u1', { labels: { a: '1' } }), v1);
      expect(v2).not.toBeNull();
      expect(v2).not.toBe(v1);
      expect(
        await store.updateEnvironment(E, record('u1', { labels: { a: 'stale' } }), v1),
      ).toBeNull();
      const doc = await store.getEnvironment(E);
      expect(doc?.value.labels).toEqual({ a: '1' });
      expect(doc?.version).toBe(v2);
    });

    test('metadata compare-and-set: of concurrent updates from one version exactly one wins', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      const v1 = (await store.getEnvironment(E))!.version;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.updateEnvironment(E, record('u1', { labels: { w: String(i) } }), v1),
        ),
      );
      const winners = results.flatMap((v, i) => (v === null ? [] : [i]));
      expect(winners).toHaveLength(1);
      expect((await store.getEnvironment(E))?.value.labels).toEqual({ w: String(winners[0]) });
    });

    test('update of a missing environment returns null', async (store) => {
      expect(await store.updateEnvironment(E, record('u1'), '1')).toBeNull();
      expect(await store.getEnvironment(E)).toBeUndefined();
    });

    test('metadata round-trips tags, history and retractions', async (store) => {
      const meta = record('u1', {
        tags: {
          stable: {
            revision: 2,
            history: [
              { from: null, to: 1, by: 'alice', at: '2024-01-02T03:04:05.000Z' },
              { from: 1, to: 2, by: 'bob', at: '2024-01-02T03:04:06.000Z' },
            ],
          },
        },
        retractions: {
          '1': { reason: 'leaked', replacement: 2, by: 'carol', at: '2024-01-02T03:04:07.000Z' },
        },
        labels: { ünïcødé: 'välue ✓' },
      });
      await store.createEnvironment(E, meta, revision(1));
      expect((await store.getEnvironment(E))?.value).toEqual(meta);
    });

    test('delete needs the current version and removes metadata and revisions', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      await store.appendRevision(E, 'u1', revision(2));
      const v1 = (await store.getEnvironment(E))!.version;
      const v2 = await store.updateEnvironment(E, record('u1', { labels: { a: 'b' } }), v1);
      expect(await store.deleteEnvironment(E, v1)).toBe(false);
      expect(await store.getEnvironment(E)).toBeDefined();
      expect(await store.deleteEnvironment(E, v2!)).toBe(true);
      expect(await store.getEnvironment(E)).toBeUndefined();
      expect(await store.getRevision(E, 'u1', 1)).toBeUndefined();
      expect((await store.listEnvironments({ limit: 10 })).items).toEqual([]);
      expect(await store.deleteEnvironment(E, v2!)).toBe(false);
    });

    test('a recreated environment starts again at revision 1 and never sees old revisions', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1, 'old 1'));
      await store.appendRevision(E, 'u1', revision(2, 'old 2'));
      await store.deleteEnvironment(E, (await store.getEnvironment(E))!.version);
      expect(await store.createEnvironment(E, record('u2'), revision(1, 'new 1'))).toBe(true);
      expect(await store.getLatestRevision(E, 'u2')).toBe(1);
      expect(await store.getRevision(E, 'u2', 2)).toBeUndefined();
      const rev = await store.getRevision(E, 'u2', 1);
      expect(rev && new TextDecoder().decode(rev.definition)).toBe('new 1');
    });

    test('returned records are copies', async (store) => {
      await store.createEnvironment(E, record('u1', { labels: { a: '1' } }), revision(1, 'abc'));
      const doc = await store.getEnvironment(E);
      (doc!.value.labels as Record<string, string>)['a'] = 'mutated';
      const rev = await store.getRevision(E, 'u1', 1);
      rev!.definition[0] = 0;
      expect((await store.getEnvironment(E))?.value.labels).toEqual({ a: '1' });
      expect(new TextDecoder().decode((await store.getRevision(E, 'u1', 1))!.definition)).toBe(
        'abc',
      );
    });
  });

  describe('store: revisions', () => {
    test('append is create-only and keeps every byte', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      expect(
        await store.appendRevision(
          E,
          'u1',
          revision(2, '', { definition: bytes, author: 'bob', copiedFrom: 1 }),
        ),
      ).toBe(true);
      expect(await store.appendRevision(E, 'u1', revision(2, 'again'))).toBe(false);
      const rev = await store.getRevision(E, 'u1', 2);
      expect(rev).toEqual({
        number: 2,
        definition: bytes,
        author: 'bob',
        createdAt: revision(2).createdAt,
        copiedFrom: 1,
      });
      expect(await store.getLatestRevision(E, 'u1')).toBe(2);
    });

    test('of concurrent appends of one number exactly one wins', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.appendRevision(E, 'u1', revision(2, `writer ${i}`)),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const rev = await store.getRevision(E, 'u1', 2);
      expect(new TextDecoder().decode(rev!.definition)).toBe(`writer ${results.indexOf(true)}`);
      expect(await store.getLatestRevision(E, 'u1')).toBe(2);
    });

    test('listing revisions pages in ascending order without definitions', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      for (let n = 2; n <= 23; n++) await store.appendRevision(E, 'u1', revision(n));
      const { items, pages } = await collectPages((after) =>
        store.listRevisions(E, 'u1', after === undefined ? { limit: 5 } : { after, limit: 5 }),
      );
      expect(pages).toBe(5);
      expect(items.map((r) => r.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
      expect(items[4]).toEqual({
        number: 5,
        author: 'alice',
        createdAt: revision(5).createdAt,
        copiedFrom: null,
      });
      expect(items[0]).not.toHaveProperty('definition');
      const tail = await store.listRevisions(E, 'u1', { after: '20', limit: 100 });
      expect(tail.items.map((r) => r.number)).toEqual([21, 22, 23]);
      expect(tail.next).toBeUndefined();
    });
  });

  describe('store: listing environments', () => {
    const keys: EnvironmentKey[] = [
      env('acme', 'app', 'dev'),
      env('acme', 'app', 'prod'),
      env('acme', 'app-2', 'dev'),
      env('acme', 'app.x', 'a'),
      env('acme', 'web', 'dev'),
      env('acme-2', 'app', 'dev'),
      env('beta', 'Z', 'x'),
      env('beta', 'a', 'x'),
      env('beta', 'a', 'x-1'),
      env('beta', 'a', 'x_1'),
    ];
    const sorted = keys.map(formatEnvironmentKey).sort();

    test('lists by full name in code-unit order, across pages', async (store) => {
      for (const [i, k] of [...keys].reverse().entries())
        await store.createEnvironment(k, record(`u${i}`), revision(1));
      for (const limit of [1, 3, 10, 11]) {
        const { items } = await collectPages((after) =>
          store.listEnvironments(after === undefined ? { limit } : { after, limit }),
        );
        expect(items.map(formatEnvironmentKey)).toEqual(sorted);
      }
    });

    test('filters by org and by org and project', async (store) => {
      for (const [i, k] of keys.entries())
        await store.createEnvironment(k, record(`u${i}`), revision(1));
      const acme = await store.listEnvironments({ org: 'acme', limit: 100 });
      expect(acme.items.map(formatEnvironmentKey)).toEqual(
        sorted.filter((n) => n.startsWith('acme/')),
      );
      const app = await collectPages((after) =>
        store.listEnvironments({
          org: 'acme',
          project: 'app',
          limit: 1,
          ...(after === undefined ? {} : { after }),
        }),
      );
      expect(app.items).toEqual([env('acme', 'app', 'dev'), env('acme', 'app', 'prod')]);
      expect((await store.listEnvironments({ org: 'nobody', limit: 5 })).items).toEqual([]);
    });
  });

  describe('store: audit log', () => {
    const event = (n: number, key: EnvironmentKey, extra: Partial<AuditEvent> = {}): AuditEvent => {
      const at = `2024-01-02T03:04:${String(n).padStart(2, '0')}.000Z`;
      return {
        id: `${at}/${String(n).padStart(4, '0')}`,
        at,
        actor: 'alice',
        action: 'write',
        env: key,
        revision: n + 1,
        details: {},
        ...extra,
      };
    };

    test('lists events in id order, by environment and time range, across pages', async (store) => {
      const a = env('acme', 'app', 'a');
      const b = env('acme', 'app', 'b');
      const events = Array.from({ length: 12 }, (_, i) =>
        event(
          i,
          i % 3 === 0 ? b : a,
          i === 5 ? { action: 'tag', revision: null, details: { tag: 'stable', from: '' } } : {},
        ),
      );
      for (const e of [...events].reverse()) await store.appendAudit(e);

      const all = await collectPages((after) =>
        store.listAudit(after === undefined ? { limit: 5 } : { after, limit: 5 }),
      );
      expect(all.items).toEqual(events);
      const onlyB = await store.listAudit({ env: b, limit: 100 });
      expect(onlyB.items.map((e) => e.revision)).toEqual([1, 4, 7, 10]);
      const window = await store.listAudit({
        since: events[4]!.at,
        until: events[8]!.at,
        limit: 100,
      });
      expect(window.items.map((e) => e.id)).toEqual(events.slice(4, 8).map((e) => e.id));
      const windowA = await collectPages((after) =>
        store.listAudit({
          env: a,
          since: events[4]!.at,
          limit: 2,
          ...(after === undefined ? {} : { after }),
        }),
      );
      expect(windowA.items.map((e) => e.revision)).toEqual([5, null, 8, 9, 11, 12]);
    });

    test('every listing sets next exactly when more items follow, even after a full page', async (store) => {
      const a = env('acme', 'app', 'a');
      const b = env('acme', 'app', 'b');
      await store.createEnvironment(a, record('ua'), revision(1));
      await store.createEnvironment(b, record('ub'), revision(1));
      for (let n = 2; n <= 4; n++) await store.appendRevision(a, 'ua', revision(n));
      for (let i = 0; i < 6; i++) await store.appendAudit(event(i, i % 2 === 0 ? a : b));

      expect(await store.listEnvironments({ limit: 1 })).toEqual({
        items: [a],
        next: 'acme/app/a',
      });
      expect(await store.listEnvironments({ limit: 2 })).toEqual({ items: [a, b] });
      expect(await store.listEnvironments({ after: 'acme/app/a', limit: 1 })).toEqual({
        items: [b],
      });

      const numbers = (page: { items: { number: number }[]; next?: string }) => ({
        items: page.items.map((r) => r.number),
        next: page.next,
      });
      expect(numbers(await store.listRevisions(a, 'ua', { limit: 3 }))).toEqual({
        items: [1, 2, 3],
        next: '3',
      });
      expect(numbers(await store.listRevisions(a, 'ua', { after: '3', limit: 1 }))).toEqual({
        items: [4],
        next: undefined,
      });

      const ids = (page: { items: AuditEvent[]; next?: string }) => ({
        items: page.items.map((e) => e.revision),
        next: page.next,
      });
      expect(ids(await store.listAudit({ limit: 5 }))).toEqual({
        items: [1, 2, 3, 4, 5],
        next: event(4, a).id,
      });
      expect(ids(await store.listAudit({ after: event(4, a).id, limit: 1 }))).toEqual({
        items: [6],
        next: undefined,
      });
      expect(ids(await store.listAudit({ env: a, limit: 2 }))).toEqual({
        items: [1, 3],
        next: event(2, a).id,
      });
      expect(ids(await store.listAudit({ env: a, after: event(2, a).id, limit: 1 }))).toEqual({
        items: [5],
        next: undefined,
      });
      expect(ids(await store.listAudit({ env: b, limit: 3 }))).toEqual({
        items: [2, 4, 6],
        next: undefined,
      });
    });

    test('filters by organization, alone and with an environment, time range and pages', async (store) => {
      // Orgs whose names prefix each other or sort around `acme`, so a prefix match shows.
      const keys = [
        env('acme', 'app', 'dev'),
        env('acm', 'app', 'dev'),
        env('acme', 'web', 'prod'),
        env('acme-2', 'app', 'dev'),
        env('acme.x', 'acme', 'acme'),
        env('beta', 'acme', 'dev'),
        env('ACME', 'app', 'dev'),
        env('acme', 'app', 'prod'),
      ];
      const events = Array.from({ length: 24 }, (_, i) => event(i, keys[i % keys.length]!));
      for (const e of [...events].reverse()) await store.appendAudit(e);
      const acme = events.filter((e) => e.env.org === 'acme');
      const revisions = (page: { items: AuditEvent[]; next?: string }) => ({
        items: page.items.map((e) => e.revision),
        next: page.next,
      });

      expect((await store.listAudit({ org: 'acme', limit: 100 })).items).toEqual(acme);
      const paged = await collectPages((after) =>
        store.listAudit({ org: 'acme', limit: 2, ...(after === undefined ? {} : { after }) }),
      );
      expect(paged.items).toEqual(acme);
      expect(paged.pages).toBe(5);
      expect(revisions(await store.listAudit({ org: 'acme', limit: 9 }))).toEqual({
        items: acme.map((e) => e.revision),
      });
      expect(revisions(await store.listAudit({ org: 'acme', limit: 8 }))).toEqual({
        items: acme.slice(0, 8).map((e) => e.revision),
        next: acme[7]!.id,
      });
      const window = await store.listAudit({
        org: 'acme',
        since: events[3]!.at,
        until: events[16]!.at,
        after: events[7]!.id,
        limit: 100,
      });
      expect(window.items.map((e) => e.id)).toEqual(
        acme.filter((e) => e.id > events[7]!.id && e.at < events[16]!.at).map((e) => e.id),
      );
      expect(window.items).toHaveLength(3);

      const dev = await store.listAudit({ org: 'acme', env: keys[0]!, limit: 100 });
      expect(dev.items).toEqual(events.filter((e) => e.env === keys[0]));
      expect((await store.listAudit({ org: 'beta', env: keys[0]!, limit: 100 })).items).toEqual([]);
      for (const org of ['acm', 'ACME', 'acme-2', 'beta'])
        expect((await store.listAudit({ org, limit: 100 })).items, org).toEqual(
          events.filter((e) => e.env.org === org),
        );
      for (const org of ['nobody', 'ac', 'acme/app', ''])
        expect(await store.listAudit({ org, limit: 100 }), org).toEqual({ items: [] });
    });

    test('audit events outlive their environment', async (store) => {
      await store.createEnvironment(E, record('u1'), revision(1));
      await store.appendAudit(event(1, E, { action: 'create' }));
      await store.deleteEnvironment(E, (await store.getEnvironment(E))!.version);
      await store.appendAudit(event(2, E, { action: 'delete' }));
      expect((await store.listAudit({ env: E, limit: 10 })).items.map((e) => e.action)).toEqual([
        'create',
        'delete',
      ]);
    });
  });

  describe('store: keyring', () => {
    test('keyring compare-and-set: create-only, then version-checked', async (store) => {
      expect(await store.getKeyring()).toBeUndefined();
      const k1 = {
        orgs: {
          acme: [
            {
              id: 'dk-1',
              masterKeyId: 'mk-1',
              wrapped: 'AAAA',
              createdAt: '2024-01-02T03:04:05.000Z',
            },
          ],
        },
      };
      const v1 = await store.putKeyring(k1, null);
      expect(v1).not.toBeNull();
      expect(await store.putKeyring({ orgs: {} }, null)).toBeNull();
      expect(await store.getKeyring()).toEqual({ value: k1, version: v1 });
      const k2 = { orgs: { ...k1.orgs, beta: [] } };
      const v2 = await store.putKeyring(k2, v1);
      expect(v2).not.toBeNull();
      expect(await store.putKeyring({ orgs: {} }, v1)).toBeNull();
      expect((await store.getKeyring())?.value).toEqual(k2);
    });

    test('of concurrent keyring creations exactly one wins', async (store) => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.putKeyring({ orgs: { [`org${i}`]: [] } }, null)),
      );
      expect(results.filter((v) => v !== null)).toHaveLength(1);
    });
  });
}
