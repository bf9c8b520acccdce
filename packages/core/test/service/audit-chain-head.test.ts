import { describe, expect, it, vi } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey } from '../../src/crypto/master-key.js';
import { AUDIT_CHAINS } from '../../src/service/audit-chain.js';
import { createEnvironmentsService } from '../../src/service/environments-service.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { AuditChainHead } from '../../src/service/audit-chain.js';

// An audit chain's head (what lets `audit verify` notice the newest events deleted) is written
// with the chain's first event, then at most once per interval, and by `flush`.

const env = { org: 'acme', project: 'app', name: 'dev' };

function setUp(auditHeadIntervalMs: number) {
  const store = createMemoryStore();
  const masterKey = createMasterKey(new Uint8Array(32).fill(3));
  const service = createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey }),
    auditHeadIntervalMs,
  });
  const headWrites = { count: 0 };
  const putDocument = store.putDocument.bind(store);
  store.putDocument = (collection, id, value, expected, options) => {
    if (collection === AUDIT_CHAINS) headWrites.count++;
    return putDocument(collection, id, value, expected, options);
  };
  const record = (actor: string) =>
    service.recordAudit({ action: 'open', env, actor, revision: 1 });
  const heads = async () =>
    (await store.listDocuments(AUDIT_CHAINS, { limit: 10 })).items.map(
      (doc) => (doc.value as AuditChainHead).seq,
    );
  return { service, headWrites, record, heads };
}

describe('audit chain heads', () => {
  it('are written with the first event, then held back until flush', async () => {
    const { service, headWrites, record, heads } = setUp(60_000);
    await record('a');
    expect(await heads()).toEqual([1]);
    for (const actor of ['b', 'c', 'd']) await record(actor);
    expect(headWrites.count).toBe(1);
    expect(await heads()).toEqual([1]);
    // The log stays whole meanwhile: a head behind its chain is not a problem.
    expect(await service.verifyAudit()).toMatchObject({ ok: true, events: 4 });

    await service.flush();
    expect(await heads()).toEqual([4]);
    expect(headWrites.count).toBe(2);
    // Nothing new: nothing to write.
    await service.flush();
    expect(headWrites.count).toBe(2);
  });

  it('catch up by themselves once the interval has passed', async () => {
    const { headWrites, record, heads } = setUp(20);
    await record('a');
    await record('b');
    await record('c');
    await vi.waitFor(async () => expect(await heads()).toEqual([3]), { timeout: 2000 });
    expect(headWrites.count).toBe(2);
  });

  it('move with every event at an interval of 0', async () => {
    const { headWrites, record, heads } = setUp(0);
    for (const actor of ['a', 'b', 'c']) await record(actor);
    expect(headWrites.count).toBe(3);
    expect(await heads()).toEqual([3]);
  });
});
