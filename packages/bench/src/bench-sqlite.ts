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
const COLD_READ_SAMPLES = 2000;
const COLD_READ_WARMUP = 100;
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

interface Latency {
  readonly p50: number;
  readonly p99: number;
}

function percentiles(times: number[]): Latency {
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)]!,
    p99: times[Math.floor(times.length * 0.99)]!,
  };
}

/**
 * `env@tag`: resolve the tag (reads the metadata document) and read the revision's definition.
 * Warm: one service reads again and again, so the revision comes from its cache (and SQLite's
 * pages from its own). Cold: every read is the first of a new store and service on the file, as
 * in a fresh CLI process (opening them is not timed): metadata and revision are read from the
 * file, through statements prepared for that read.
 */
async function readTagLatency(): Promise<{ warm: Latency; cold: Latency }> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-sqlite-'));
  const path = join(dir, 'strata.db');
  const masterKey = createMasterKey(randomBytes(32));
  const openService = () => {
    const store = createSqliteStore({ path });
    const keyring = createKeyring({ store, masterKey });
    return { store, service: createEnvironmentsService({ store, keyring }) };
  };
  const read = async (service: EnvironmentsService): Promise<number> => {
    const start = process.hrtime.bigint();
    const content = await service.readDefinition('bench/app@stable');
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (content.revision.number !== 3) throw new Error('bench/app@stable read the wrong revision');
    return ms;
  };
  try {
    const { store, service } = openService();
    const warm: number[] = [];
    try {
      await service.createEnvironment('bench/app', { ...ACTOR, definition: definition(0, 1) });
      for (let r = 2; r <= 5; r++) {
        await service.updateDefinition('bench/app', definition(0, r), { ...ACTOR, basedOn: r - 1 });
      }
      await service.tagRevision('bench/app', 'stable', 3, ACTOR);
      for (let i = 0; i < 1000; i++) await read(service);
      for (let i = 0; i < READ_SAMPLES; i++) warm.push(await read(service));
    } finally {
      await store.close();
    }
    const cold: number[] = [];
    for (let i = 0; i < COLD_READ_WARMUP + COLD_READ_SAMPLES; i++) {
      const fresh = openService();
      try {
        const ms = await read(fresh.service);
        if (i >= COLD_READ_WARMUP) cold.push(ms);
      } finally {
        await fresh.store.close();
      }
    }
    return { warm: percentiles(warm), cold: percentiles(cold) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
  results['sqlite.read_tag_p50_ms'] = round(read.warm.p50, 3);
  results['sqlite.read_tag_p99_ms'] = round(read.warm.p99, 3);
  results['sqlite.read_tag_cold_p50_ms'] = round(read.cold.p50, 3);
  results['sqlite.read_tag_cold_p99_ms'] = round(read.cold.p99, 3);
  return results;
}
