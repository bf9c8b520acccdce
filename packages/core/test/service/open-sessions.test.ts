import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey } from '../../src/crypto/master-key.js';
import { NotFoundError } from '../../src/errors.js';
import { OpenSessions, SESSION_SWEEP_INTERVAL_MS } from '../../src/service/open-sessions.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';

// Open sessions as two server processes over one store see them: the one that opened a session
// answers its reads from memory, any other reads it from the store, and both stop at expiry.

const dev = { org: 'acme', project: 'app', name: 'dev' };
const prod = { org: 'acme', project: 'app', name: 'prod' };
const payload = '{"properties":{"password":{"value":"hunter2-session","secret":true}}}';

function processes() {
  const store = createMemoryStore();
  let time = Date.parse('2026-01-01T00:00:00Z');
  const now = () => new Date(time);
  const masterKey = createMasterKey(new Uint8Array(32).fill(9));
  const open = () => new OpenSessions(store, createKeyring({ store, masterKey }), now);
  return { store, a: open(), b: open(), advance: (ms: number) => (time += ms) };
}

describe('open sessions', () => {
  it('are read back by the process that opened them and by another one', async () => {
    const { a, b } = processes();
    const { id } = await a.create({ env: dev, revision: 3, openedBy: 'jane', payload });
    const read = { payload, revision: 3, openedBy: 'jane' };
    expect(await a.read(dev, id)).toEqual(read);
    expect(await b.read(dev, id)).toEqual(read);
  });

  it('are kept encrypted in the store', async () => {
    const { store, a } = processes();
    const { id } = await a.create({ env: dev, revision: 1, openedBy: 'jane', payload });
    const doc = await store.getDocument('open-sessions', id);
    expect(JSON.stringify(doc)).not.toContain('hunter2-session');
  });

  it('are not found under another environment, by either process', async () => {
    const { a, b } = processes();
    const { id } = await a.create({ env: dev, revision: 1, openedBy: 'jane', payload });
    await expect(a.read(prod, id)).rejects.toThrow(NotFoundError);
    await expect(b.read(prod, id)).rejects.toThrow(NotFoundError);
  });

  it('expire after their duration for every process, and leave the store', async () => {
    const { store, a, b, advance } = processes();
    const { id, expiresAt } = await a.create({
      env: dev,
      revision: 1,
      openedBy: 'jane',
      payload,
      durationMs: 60_000,
    });
    expect(expiresAt).toBe('2026-01-01T00:01:00.000Z');
    await a.read(dev, id);
    await b.read(dev, id);
    advance(60_000);
    await expect(a.read(dev, id)).rejects.toThrow(`open session ${id} not found or expired`);
    await expect(b.read(dev, id)).rejects.toThrow(NotFoundError);
    expect(await store.getDocument('open-sessions', id)).toBeUndefined();
  });

  it('are swept from the store once expired, the valid ones kept', async () => {
    const { store, a, b, advance } = processes();
    const open = (durationMs: number) =>
      a.create({ env: dev, revision: 1, openedBy: 'jane', payload, durationMs });
    const short = await open(60_000);
    const longer = await open(120_000);
    const valid = await open(3_600_000);
    advance(180_000);
    // Another process sweeps: the store is shared, whoever opened the sessions.
    expect(await b.sweepExpired()).toBe(2);
    expect(await store.getDocument('open-sessions', short.id)).toBeUndefined();
    expect(await store.getDocument('open-sessions', longer.id)).toBeUndefined();
    expect((await a.read(dev, valid.id)).payload).toBe(payload);
    expect((await b.read(dev, valid.id)).payload).toBe(payload);
    expect(await b.sweepExpired()).toBe(0);
  });

  it('sweep by themselves: an open after the sweep interval removes what has expired', async () => {
    const { store, a, advance } = processes();
    const old = await a.create({
      env: dev,
      revision: 1,
      openedBy: 'jane',
      payload,
      durationMs: 1000,
    });
    advance(SESSION_SWEEP_INTERVAL_MS);
    await a.create({ env: dev, revision: 2, openedBy: 'jane', payload });
    // The sweep runs in the background: wait for the store to lose the expired session.
    for (let i = 0; i < 100 && (await store.getDocument('open-sessions', old.id)); i++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(await store.getDocument('open-sessions', old.id)).toBeUndefined();
    expect((await store.listDocuments('open-sessions', { limit: 10 })).items).toHaveLength(1);
  });
});
