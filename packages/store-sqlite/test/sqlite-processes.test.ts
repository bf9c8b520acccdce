import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnvironmentsService, Store } from '@strata/core';
import { createEnvironmentsService, createKeyring, createMasterKey } from '@strata/core';
import { createSqliteStore } from '../src/index.js';

const register = fileURLToPath(new URL('./fixtures/register-ts.mjs', import.meta.url));
const writer = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));
const REF = 'acme/app/shared';

let dir: string;
let path: string;

function open(): { store: Store; service: EnvironmentsService } {
  const store = createSqliteStore({ path });
  const service = createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(7)) }),
  });
  return { store, service };
}

function startWriter(args: string[]) {
  const child = spawn(process.execPath, ['--import', register, writer, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-sqlite-procs-'));
  path = join(dir, 'strata.db');
  const { store, service } = open();
  await service.createEnvironment(REF, { actor: 'setup', definition: 'values: {}\n' });
  await store.close();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sqlite store shared by processes', () => {
  it(
    'two processes making 500 updates each: accepted writes get gapless revisions, the rest conflict',
    { timeout: 180_000 },
    async () => {
      const startAt = String(Date.now() + 3000);
      const writers = ['p1', 'p2'].map((actor) => ({
        actor,
        run: startWriter(['race', path, actor, '500', startAt]),
      }));
      const results = await Promise.all(
        writers.map(async ({ actor, run }) => {
          const { code } = await run.exited;
          expect(run.stderr()).toBe('');
          expect(code).toBe(0);
          const parsed = JSON.parse(run.stdout()) as {
            accepted: number[];
            conflicts: number;
            other: string[];
          };
          return { actor, ...parsed };
        }),
      );

      for (const r of results) {
        expect(r.other).toEqual([]);
        expect(r.accepted.length + r.conflicts).toBe(500);
        expect(r.accepted.length).toBeGreaterThan(0);
      }
      const all = results.flatMap((r) => r.accepted).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 2));

      const { store, service } = open();
      try {
        expect((await service.getEnvironment(REF)).latest).toBe(all.length + 1);
        for (const r of results) {
          for (const n of r.accepted) {
            const { definition, revision } = await service.readDefinition(`${REF}@${n}`);
            expect(revision.author).toBe(r.actor);
            expect(definition).toContain(`writer: ${r.actor}`);
          }
        }
        // Every accepted write is audited exactly once, with its revision and author. (Events are
        // stamped when the service starts a write, so under contention their time order may
        // differ from revision order by the time spent waiting for the lock.)
        // The log holds the create event too, so it can run past one page: read every page.
        const events = [];
        let after: string | undefined;
        do {
          const page = await service.listAudit({
            env: REF,
            limit: 1000,
            ...(after ? { after } : {}),
          });
          events.push(...page.items);
          after = page.next;
        } while (after !== undefined);
        const audited = events.filter((e) => e.action === 'write');
        expect(audited.map((e) => e.revision).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(all);
        const authorOf = new Map(
          results.flatMap((r) => r.accepted.map((n) => [n, r.actor] as const)),
        );
        for (const e of audited) expect(e.actor).toBe(authorOf.get(e.revision!));
      } finally {
        await store.close();
      }
    },
  );

  it(
    'a writer killed with SIGKILL mid-write leaves the store consistent and writable',
    { timeout: 180_000 },
    async () => {
      for (let round = 0; round < 3; round++) {
        const run = startWriter(['churn', path, `killed-${round}`]);
        await new Promise<void>((resolve, reject) => {
          const timer = setInterval(() => {
            if (run.stdout().split('\n').filter(Boolean).length >= 10) {
              clearInterval(timer);
              // A random moment in the next write: most kills land inside a transaction.
              setTimeout(() => resolve(), Math.random() * 20);
            }
          }, 2);
          void run.exited.then(() => {
            clearInterval(timer);
            reject(new Error(`writer exited early: ${run.stderr()}`));
          });
        });
        run.child.kill('SIGKILL');
        expect((await run.exited).signal).toBe('SIGKILL');

        const raw = new Database(path, { readonly: true });
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        raw.close();

        const { store, service } = open();
        try {
          const { latest } = await service.getEnvironment(REF);
          const reported = run.stdout().split('\n').filter(Boolean).map(Number);
          // Every write the process saw accepted is there; at most the one in flight was lost.
          expect(latest).toBeGreaterThanOrEqual(reported.at(-1) ?? 0);
          const revisions = await service.listRevisions(REF, { limit: 1000 });
          expect(revisions.items.map((r) => r.number)).toEqual(
            Array.from({ length: latest }, (_, i) => i + 1),
          );
          for (let n = 2; n <= latest; n++) {
            const { definition } = await service.readDefinition(`${REF}@${n}`);
            if (definition.includes('filler')) {
              expect(definition).toContain(`n: ${n}\n`);
              expect(definition.length).toBeGreaterThan(200_000);
            }
          }
          const next = await service.updateDefinition(REF, 'values: {after: kill}\n', {
            actor: 'survivor',
            basedOn: latest,
          });
          expect(next.number).toBe(latest + 1);
        } finally {
          await store.close();
        }
      }
    },
  );
});
