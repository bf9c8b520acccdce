import { describe, expect, it } from 'vitest';
import { NotFoundError, StoreIoError, createMemoryDocuments } from '../../src/index.js';
import type { DocumentStore } from '../../src/store/store.js';
import { updateDocument } from '../../src/store/update-document.js';

interface Counter {
  readonly n: number;
}

const options = {
  attempts: 3,
  keptChanging: () => new StoreIoError('counter kept changing'),
};

/** A store where another writer bumps the counter just before each of the first `races` writes. */
function racing(races: number): DocumentStore {
  const memory = createMemoryDocuments();
  let left = races;
  return {
    ...memory,
    async putDocument(collection, id, value, expectedVersion, putOptions) {
      if (left > 0) {
        left--;
        const doc = await memory.getDocument(collection, id);
        const n = (doc?.value as Counter | undefined)?.n ?? 0;
        await memory.putDocument(collection, id, { n: n + 100 }, doc?.version ?? null);
      }
      return await memory.putDocument(collection, id, value, expectedVersion, putOptions);
    },
  };
}

const increment = (counter: Counter | undefined): Counter => ({ n: (counter?.n ?? 0) + 1 });

describe('updateDocument', () => {
  it('creates a missing document and changes an existing one from its current value', async () => {
    const store = createMemoryDocuments();
    expect(await updateDocument(store, 'counters', 'c', increment, options)).toEqual({ n: 1 });
    expect(await updateDocument(store, 'counters', 'c', increment, options)).toEqual({ n: 2 });
    expect((await store.getDocument('counters', 'c'))?.value).toEqual({ n: 2 });
  });

  it('reads again and changes again after losing a race', async () => {
    const store = racing(2);
    const seen: (number | undefined)[] = [];
    const result = await updateDocument(
      store,
      'counters',
      'c',
      (counter: Counter | undefined) => {
        seen.push(counter?.n);
        return increment(counter);
      },
      options,
    );
    // The other writer created it (100), then bumped it (200); the third attempt won.
    expect(seen).toEqual([undefined, 100, 200]);
    expect(result).toEqual({ n: 201 });
    expect((await store.getDocument('counters', 'c'))?.value).toEqual({ n: 201 });
  });

  it("throws the caller's error after as many lost races as attempts", async () => {
    const store = racing(3);
    let calls = 0;
    const counting = (counter: Counter | undefined): Counter => {
      calls++;
      return increment(counter);
    };
    await expect(updateDocument(store, 'counters', 'c', counting, options)).rejects.toThrow(
      'counter kept changing',
    );
    expect(calls).toBe(3);
    expect((await store.getDocument('counters', 'c'))?.value).toEqual({ n: 300 });
  });

  it('writes nothing when the change returns undefined or throws', async () => {
    const store = createMemoryDocuments();
    await store.putDocument('counters', 'c', { n: 5 }, null);
    const before = await store.getDocument('counters', 'c');
    expect(await updateDocument(store, 'counters', 'c', () => undefined, options)).toBeUndefined();
    const refuse = (counter: Counter | undefined): Counter => {
      if (counter === undefined) throw new NotFoundError('counter d not found');
      return increment(counter);
    };
    await expect(updateDocument(store, 'counters', 'd', refuse, options)).rejects.toThrow(
      NotFoundError,
    );
    expect(await store.getDocument('counters', 'c')).toEqual(before);
    expect(await store.getDocument('counters', 'd')).toBeUndefined();
  });
});
