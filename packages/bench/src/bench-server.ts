// server.*: open + read of an environment with 5 imports and 3 secrets through `strata serve`'s
// HTTP API on SQLite, under 32 connections (autocannon) and one at a time, against the same open
// in-process through the service.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createEnvironmentsService, createKeyring, createMasterKey } from '@strata/core';
import { createSqliteStore } from '@strata/store-sqlite';
import { interleavedMedianMs, round } from './_measure.js';

const OPEN = '/api/esc/environments/bench/app/root/open';

export async function benchServer(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-server-'));
  const child = fork(fileURLToPath(new URL('./server-child.js', import.meta.url)), [dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { url: string; token: string }));
      child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    });
    const headers = { authorization: `token ${token}` };

    /** One open and one read of its session, as `esc env open` does. */
    const openRead = async (): Promise<void> => {
      const opened = await fetch(`${url}${OPEN}`, { method: 'POST', headers });
      const { id } = (await opened.json()) as { id: string };
      const read = await fetch(`${url}${OPEN}/${id}`, { headers });
      if (!read.ok) throw new Error(`read answered ${read.status}`);
      await read.arrayBuffer();
    };

    // The same open in-process, through the service, on the same database file.
    const store = createSqliteStore({ path: join(dir, 'strata.db') });
    const keyring = createKeyring({
      store,
      masterKey: createMasterKey(new Uint8Array(32).fill(6)),
    });
    const service = createEnvironmentsService({ store, keyring, defaultOrg: 'bench' });
    const inProcess = async (): Promise<void> => {
      const opened = await service.open('bench/app/root', { actor: 'bench' });
      if (opened.diagnostics.length > 0) throw new Error('the environment has diagnostics');
    };
    const sequential = await interleavedMedianMs({ http: openRead, service: inProcess }, 200, 20);
    await store.close();

    const load = await autocannon({
      url,
      connections: 32,
      duration: 6,
      headers,
      requests: [
        {
          method: 'POST',
          path: OPEN,
          onResponse: (_status, body, context) => {
            context['id'] = (JSON.parse(body) as { id: string }).id;
          },
        },
        {
          method: 'GET',
          setupRequest: (request, context) => ({
            ...request,
            path: `${OPEN}/${String(context['id'])}`,
          }),
        },
      ],
    });
    if (load.non2xx > 0 || load.errors > 0)
      throw new Error(`the load run had ${load.non2xx} non-2xx answers and ${load.errors} errors`);
    return {
      // Each open + read is two requests.
      'server.open_read_per_s': round(load.requests.average / 2, 0),
      'server.open_read_p99_ms': round(load.latency.p99, 1),
      'server.request_p50_ms': round(load.latency.p50, 2),
      'server.open_read_ms_c1': round(sequential.http, 3),
      'server.open_in_process_ms': round(sequential.service, 3),
      'server.overhead_ratio': round(sequential.http / sequential.service),
    };
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}
