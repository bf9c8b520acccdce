import { describe, expect } from 'vitest';
import type { Store } from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import type { ContractContext } from './_context.js';
import { collectPages } from './_context.js';

/** Every character an id may hold, in one id. */
const EVERY_CHARACTER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-';

/**
 * Ids that prefix each other followed by each character below and above the others (so a key
 * suffix or a separator of the store's own would show up as a wrong order), and the extremes.
 */
const IDS = [
  'a',
  'a-',
  'a-b',
  'a.',
  'a.b',
  'a.json',
  'a0',
  'a:b',
  'a@b',
  'aA',
  'a_',
  'aa',
  '-',
  '.a',
  '0',
  '9',
  ':',
  '@',
  'A',
  'Z',
  '_',
  'z',
  'alice@example.com',
  'urn:strata:user:1',
  EVERY_CHARACTER,
  'x'.repeat(200),
];

const INVALID_IDS = [
  '',
  '/',
  'a/b',
  '../x',
  'x/../../keyring',
  '.',
  '..',
  '...',
  'x'.repeat(201),
  'a b',
  'é',
  'a\n',
  'a\u0000',
  'a%2Fb',
  'a\\b',
];

const INVALID_COLLECTIONS = ['', 'Users', 'a/b', '..', '-a', 'a_b', 'x'.repeat(65), 'users/'];

async function listIds(store: Store, collection: string, limit: number): Promise<string[]> {
  const { items } = await collectPages((after) =>
    store.listDocuments(collection, after === undefined ? { limit } : { after, limit }),
  );
  return items.map((d) => d.id);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The `DocumentStore` every store is: compare-and-set documents by collection and id. */
export function registerDocumentTests({ test }: ContractContext): void {
  describe('store: documents', () => {
    test('create-only refuses an existing id and changes nothing', async (store) => {
      expect(await store.getDocument('users', 'alice')).toBeUndefined();
      const v1 = await store.putDocument('users', 'alice', { name: 'Alice' }, null);
      expect(typeof v1).toBe('string');
      expect(await store.putDocument('users', 'alice', { name: 'Mallory' }, null)).toBeNull();
      expect(await store.getDocument('users', 'alice')).toEqual({
        value: { name: 'Alice' },
        version: v1,
      });
    });

    test('compare-and-set refuses a stale version and stores nothing', async (store) => {
      const v1 = (await store.putDocument('orgs', 'acme', { n: 1 }, null))!;
      const v2 = await store.putDocument('orgs', 'acme', { n: 2 }, v1);
      expect(v2).not.toBeNull();
      expect(v2).not.toBe(v1);
      expect(await store.putDocument('orgs', 'acme', { n: 'stale' }, v1)).toBeNull();
      expect(await store.getDocument('orgs', 'acme')).toEqual({ value: { n: 2 }, version: v2 });
      // Equal content still gets a new version, and the one it replaced is refused.
      const v3 = await store.putDocument('orgs', 'acme', { n: 2 }, v2);
      expect(v3).not.toBeNull();
      expect(v3).not.toBe(v2);
      expect(await store.putDocument('orgs', 'acme', { n: 'stale' }, v2)).toBeNull();
      expect(await store.getDocument('orgs', 'acme')).toEqual({ value: { n: 2 }, version: v3 });
      // A version of another document, or of nothing, updates nothing and creates nothing.
      expect(await store.putDocument('orgs', 'beta', { n: 1 }, v3)).toBeNull();
      expect(await store.putDocument('orgs', 'beta', { n: 1 }, '')).toBeNull();
      expect(await store.getDocument('orgs', 'beta')).toBeUndefined();
      expect(await store.putDocument('orgs', 'acme', { n: 'empty' }, '')).toBeNull();
      expect((await store.getDocument('orgs', 'acme'))?.version).toBe(v3);
    });

    test('delete needs the current version', async (store) => {
      const v1 = (await store.putDocument('open-sessions', 's1', { a: 1 }, null))!;
      const v2 = (await store.putDocument('open-sessions', 's1', { a: 2 }, v1))!;
      expect(await store.deleteDocument('open-sessions', 's1', v1)).toBe(false);
      expect(await store.deleteDocument('open-sessions', 's1', '')).toBe(false);
      expect(await store.getDocument('open-sessions', 's1')).toEqual({
        value: { a: 2 },
        version: v2,
      });
      expect(await store.deleteDocument('open-sessions', 's1', v2)).toBe(true);
      expect(await store.getDocument('open-sessions', 's1')).toBeUndefined();
      expect(await store.deleteDocument('open-sessions', 's1', v2)).toBe(false);
      expect(await store.deleteDocument('open-sessions', 'never', v2)).toBe(false);
      expect(await store.putDocument('open-sessions', 's1', { a: 1 }, v2)).toBeNull();
      expect(await store.putDocument('open-sessions', 's1', { a: 3 }, null)).not.toBeNull();
      expect((await store.listDocuments('open-sessions', { limit: 10 })).items).toEqual([
        { id: 's1', value: { a: 3 } },
      ]);
    });

    test('lists a collection in id order across pages, next set exactly when more follow', async (store) => {
      const sorted = [...IDS].sort();
      for (const [i, id] of [...IDS].reverse().entries())
        await store.putDocument('users', id, { i }, null);
      await store.putDocument('users-2', 'a', {}, null);
      await store.putDocument('user', 'zz', {}, null);
      for (const limit of [1, 3, IDS.length - 1, IDS.length, 1000])
        expect(await listIds(store, 'users', limit), `limit ${limit}`).toEqual(sorted);

      const all = await store.listDocuments('users', { limit: IDS.length });
      expect(all.next).toBeUndefined();
      expect(all.items.map((d) => d.id)).toEqual(sorted);
      expect(all.items[sorted.indexOf('a')]).toEqual({
        id: 'a',
        value: { i: IDS.length - 1 - IDS.indexOf('a') },
      });
      const first = await store.listDocuments('users', { limit: 2 });
      expect(first).toEqual({ items: all.items.slice(0, 2), next: sorted[1] });
      const butLast = await store.listDocuments('users', { limit: IDS.length - 1 });
      expect(butLast.next).toBe(sorted[IDS.length - 2]);
      expect(
        await store.listDocuments('users', { after: sorted[IDS.length - 2]!, limit: 1 }),
      ).toEqual({
        items: [all.items[IDS.length - 1]],
      });
      expect(await store.listDocuments('users', { after: sorted.at(-1)!, limit: 5 })).toEqual({
        items: [],
      });
      // `after` need not be a stored id.
      const afterA = await store.listDocuments('users', { after: 'a-', limit: 1000 });
      expect(afterA.items.map((d) => d.id)).toEqual(sorted.filter((id) => id > 'a-'));
      expect(await store.listDocuments('nothing-here', { limit: 5 })).toEqual({ items: [] });
    });

    test('ids of every allowed character round-trip and never collide across collections', async (store) => {
      const collections = ['users', 'users-x', 'orgs', 'u'];
      for (const collection of collections)
        for (const id of IDS)
          expect(await store.putDocument(collection, id, { collection, id }, null)).not.toBeNull();
      for (const collection of collections) {
        for (const id of IDS)
          expect((await store.getDocument(collection, id))?.value).toEqual({ collection, id });
        const { items } = await collectPages((after) =>
          store.listDocuments(collection, after === undefined ? { limit: 7 } : { after, limit: 7 }),
        );
        expect(items).toEqual([...IDS].sort().map((id) => ({ id, value: { collection, id } })));
      }
      // Deleting in one collection leaves the others alone.
      const doc = (await store.getDocument('users', EVERY_CHARACTER))!;
      expect(await store.deleteDocument('users', EVERY_CHARACTER, doc.version)).toBe(true);
      expect(await store.getDocument('users', EVERY_CHARACTER)).toBeUndefined();
      expect((await store.getDocument('users-x', EVERY_CHARACTER))?.value).toEqual({
        collection: 'users-x',
        id: EVERY_CHARACTER,
      });
    });

    test('refuses ids and collections outside the allowed characters, storing nothing', async (store) => {
      const v = (await store.putDocument('users', 'a', { keep: true }, null))!;
      for (const id of INVALID_IDS) {
        for (const call of [
          () => store.getDocument('users', id),
          () => store.putDocument('users', id, { evil: true }, null),
          () => store.putDocument('users', id, { evil: true }, v),
          () => store.deleteDocument('users', id, v),
        ]) {
          const error = await rejection(call());
          expect(error, JSON.stringify(id)).toBeInstanceOf(InvalidArgumentError);
        }
      }
      for (const collection of INVALID_COLLECTIONS) {
        for (const call of [
          () => store.getDocument(collection, 'a'),
          () => store.putDocument(collection, 'a', { evil: true }, null),
          () => store.deleteDocument(collection, 'a', v),
          () => store.listDocuments(collection, { limit: 5 }),
        ]) {
          const error = await rejection(call());
          expect(error, JSON.stringify(collection)).toBeInstanceOf(InvalidArgumentError);
        }
      }
      expect((await store.listDocuments('users', { limit: 100 })).items).toEqual([
        { id: 'a', value: { keep: true } },
      ]);
      for (const collection of ['a', 'x', 'users', 'user']) {
        expect(
          (await store.listDocuments(collection, { limit: 100 })).items.map((d) => d.id),
        ).toEqual(collection === 'users' ? ['a'] : []);
      }
      expect(await store.getDocument('users', 'a')).toEqual({ value: { keep: true }, version: v });
      expect(await store.getKeyring()).toBeUndefined();
    });

    test('a value round-trips as JSON, and what is returned is a copy', async (store) => {
      const value = {
        text: 'välue ✓ "quoted" \\ back\nslash \u0000 \ud83d\ude00',
        numbers: [0, -1, 1.5, 1e21, 2 ** 53, -0],
        flags: [true, false, null],
        nested: { a: { b: { c: [[], {}, ''] } } },
        when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
        dropped: undefined,
        '': 'empty key',
      };
      await store.putDocument('users', 'json', value, null);
      const read = await store.getDocument('users', 'json');
      expect(read?.value).toEqual(JSON.parse(JSON.stringify(value)));
      expect(read?.value).not.toHaveProperty('dropped');
      (read!.value as { text: string }).text = 'mutated';
      expect(((await store.getDocument('users', 'json'))?.value as { text: string }).text).toBe(
        value.text,
      );
      const listed = await store.listDocuments('users', { limit: 5 });
      (listed.items[0]!.value as { text: string }).text = 'mutated';
      expect(((await store.getDocument('users', 'json'))?.value as { text: string }).text).toBe(
        value.text,
      );

      for (const [id, scalar] of [
        ['string', 'just a string'],
        ['number', 42],
        ['null', null],
        ['array', [1, 'two', { three: 3 }]],
        ['false', false],
      ] as const) {
        await store.putDocument('values', id, scalar, null);
        expect((await store.getDocument('values', id))?.value).toEqual(scalar);
      }

      const circular: Record<string, unknown> = {};
      circular['self'] = circular;
      for (const bad of [undefined, () => 1, Symbol('s'), 10n, circular]) {
        expect(await rejection(store.putDocument('values', 'bad', bad, null))).toBeInstanceOf(
          InvalidArgumentError,
        );
      }
      expect(await store.getDocument('values', 'bad')).toBeUndefined();
    });

    test('of concurrent writers on two store instances, exactly one wins each round', async (store, another) => {
      const machines = [store, another.open()];
      const writers = [0, 1, 2, 3].map((i) => ({ id: i, store: machines[i % 2]! }));

      // Creation: of writers creating one id, one wins.
      const created = await Promise.all(
        writers.map((w) => w.store.putDocument('orgs', 'acme', { round: 0, writer: w.id }, null)),
      );
      expect(created.filter((v) => v !== null)).toHaveLength(1);

      for (let round = 1; round <= 8; round++) {
        // Each writer reads on its own machine, then all write based on what they read.
        const reads = await Promise.all(writers.map((w) => w.store.getDocument('orgs', 'acme')));
        const versions = new Set(reads.map((r) => r?.version));
        expect(versions.size).toBe(1);
        const results = await Promise.all(
          writers.map((w, i) =>
            w.store.putDocument('orgs', 'acme', { round, writer: w.id }, reads[i]!.version),
          ),
        );
        const winners = results.flatMap((v, i) => (v === null ? [] : [i]));
        expect(winners, `round ${round}`).toHaveLength(1);
        for (const machine of machines)
          expect(await machine.getDocument('orgs', 'acme')).toEqual({
            value: { round, writer: winners[0] },
            version: results[winners[0]!],
          });
      }

      // Deletion: of deleters holding one version, one wins; a writer holding it loses.
      const current = (await machines[1]!.getDocument('orgs', 'acme'))!;
      const [deleted0, deleted1, written] = await Promise.all([
        machines[0]!.deleteDocument('orgs', 'acme', current.version),
        machines[1]!.deleteDocument('orgs', 'acme', current.version),
        machines[0]!.putDocument('orgs', 'acme', { late: true }, current.version),
      ]);
      expect([deleted0, deleted1, written !== null].filter(Boolean)).toHaveLength(1);
    });
  });
}
