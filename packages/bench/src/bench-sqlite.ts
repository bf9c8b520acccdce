// sqlite.*: durable writes per second and `env@tag` read latency through the environments service.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  type EnvironmentsService,
  type Store,
} from '@strata/core';
import { createSqliteStore } from '@strata/store-sqlite';
import { round } from './_measure.js';

const ENVIRONMENTS = 1000;
const REVISIONS = 10_000;
const READ_SAMPLES = 20_000;
const ACTOR = { actor: 'bench' };

function definition(env: number, revision: number): string {
  return `values:\n  app:\n    env: e${env}\n    revision: ${revision}\n    port: 8080\n`;
}

async function withTempStore<T>(fn: (store: Store, service: EnvironmentsService) => Promise<T>) {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-sqlite-'));
  const store = createSqliteStore({ path: join(dir, 'strata.db') });
  try {
    const keyring = createKeyring({ store, masterKey: createMasterKey(randomBytes(32)) });
    return await fn(store, createEnvironmentsService({ store, keyring }));
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Service path: 1,000 creates (revision 1) then updates round-robin up to 10,000 revisions. */
async function serviceWritesPerS(): Promise<number> {
  return withTempStore(async (_store, service) => {
    const start = process.hrtime.bigint();
    for (let e = 0; e < ENVIRONMENTS; e++) {
      await service.createEnvironment(`bench/e${e}`, { ...ACTOR, definition: definition(e, 1) });
    }
    const rounds = REVISIONS / ENVIRONMENTS;
    for (let r = 2; r <= rounds; r++) {
      for (let e = 0; e < ENVIRONMENTS; e++) {
        await service.updateDefinition(`bench/e${e}`, definition(e, r), {
          ...ACTOR,
          basedOn: r - 1,
        });
      }
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return REVISIONS / seconds;
  });
}

/** Raw store path: the same revisions through `appendRevision` alone (no meta read, no audit). */
async function storeWritesPerS(): Promise<number> {
  return withTempStore(async (store, service) => {
    const uids: string[] = [];
    for (let e = 0; e < ENVIRONMENTS; e++) {
      await service.createEnvironment(`bench/e${e}`, { ...ACTOR, definition: definition(e, 1) });
      const doc = await store.getEnvironment({ org: 'default', project: 'bench', name: `e${e}` });
      uids.push(doc!.value.uid);
    }
    const rounds = REVISIONS / ENVIRONMENTS;
    const start = process.hrtime.bigint();
    for (let r = 2; r <= rounds + 1; r++) {
      for (let e = 0; e < ENVIRONMENTS; e++) {
        const ok = await store.appendRevision(
          { org: 'default', project: 'bench', name: `e${e}` },
          uids[e]!,
          {
            number: r,
            definition: Buffer.from(definition(e, r)),
            author: 'bench',
            createdAt: new Date().toISOString(),
            copiedFrom: null,
          },
        );
        if (!ok) throw new Error(`appendRevision e${e}@${r} was refused`);
      }
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return REVISIONS / seconds;
  });
}

/** `env@tag`: resolve the tag (reads the metadata document) and read the revision's definition. */
async function readTagLatency(): Promise<{ p50: number; p99: number }> {
  return withTempStore(async (_store, service) => {
    await service.createEnvironment('bench/app', { ...ACTOR, definition: definition(0, 1) });
    for (let r = 2; r <= 5; r++) {
      await service.updateDefinition('bench/app', definition(0, r), { ...ACTOR, basedOn: r - 1 });
    }
    await service.tagRevision('bench/app', 'stable', 3, ACTOR);
    for (let i = 0; i < 1000; i++) await service.readDefinition('bench/app@stable');
    const times: number[] = [];
    for (let i = 0; i < READ_SAMPLES; i++) {
      const start = process.hrtime.bigint();
      const content = await service.readDefinition('bench/app@stable');
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (content.revision.number !== 3)
        throw new Error('bench/app@stable read the wrong revision');
    }
    times.sort((a, b) => a - b);
    return {
      p50: times[Math.floor(times.length * 0.5)]!,
      p99: times[Math.floor(times.length * 0.99)]!,
    };
  });
}

/** Below this the service path is reported next to the raw store path, to show where time goes. */
const WRITES_TARGET = 2000;

export async function benchSqlite(): Promise<Record<string, number>> {
  const writes = await serviceWritesPerS();
  const read = await readTagLatency();
  const results: Record<string, number> = { 'sqlite.writes_per_s': round(writes, 0) };
  if (writes < WRITES_TARGET) {
    results['sqlite.store_writes_per_s'] = round(await storeWritesPerS(), 0);
  }
  results['sqlite.read_tag_p50_ms'] = round(read.p50, 3);
  results['sqlite.read_tag_p99_ms'] = round(read.p99, 3);
  return results;
}
