// server.*: open + read of an environment with 5 imports and 3 secrets through `strata serve`'s
// HTTP API on SQLite, under 32 connections (autocannon) and one at a time, against the same open
// in-process through the service.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createEnvironmentsService, createKeyring, createMasterKey } from '@strata/core';
import { createSqliteStore } from '@strata/store-sqlite';
import { interleavedMedianMs, round } from './_measure.js';

const OPEN = '/api/esc/environments/bench/app/root/open';

/** What server-child.ts sends once it listens. */
interface ChildReady {
  readonly url: string;
  readonly token: string;
  readonly rbacToken: string;
  readonly twinPath: string;
  /** A bare Node HTTP server in the same process, answering `{}`. */
  readonly bareUrl: string;
}

export async function benchServer(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-server-'));
  const child = fork(fileURLToPath(new URL('./server-child.js', import.meta.url)), [dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { url, token, rbacToken, twinPath, bareUrl } = await new Promise<ChildReady>(
      (resolve, reject) => {
        child.once('message', (m) => resolve(m as ChildReady));
        child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
      },
    );
    // One kept-alive connection, through Node's own HTTP client (fetch would add its own cost to
    // what is measured as the server's).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, base = url) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          `${base}${path}`,
          { method, agent, headers: { authorization: `token ${token}` } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      });

    /** One open and one read of its session, as `esc env open` does. */
    const openRead = async (): Promise<void> => {
      const opened = await send('POST', OPEN);
      const { id } = JSON.parse(opened.body) as { id: string };
      const read = await send('GET', `${OPEN}/${id}`);
      if (read.status !== 200) throw new Error(`read answered ${read.status}`);
    };

    /** Two requests to a server that does nothing: what the transport alone costs. */
    const bareRequests = async (): Promise<void> => {
      await send('POST', '/', bareUrl);
      await send('GET', '/', bareUrl);
    };

    // The same open in-process, through the service, on a file holding the same environments
    // (written by this process, it would empty the server's read cache at every open).
    const store = createSqliteStore({ path: twinPath });
    const keyring = createKeyring({
      store,
      masterKey: createMasterKey(new Uint8Array(32).fill(6)),
    });
    const service = createEnvironmentsService({ store, keyring, defaultOrg: 'bench' });
    const inProcess = async (): Promise<void> => {
      const opened = await service.open('bench/app/root', { actor: 'bench' });
      if (opened.diagnostics.length > 0) throw new Error('the environment has diagnostics');
    };
    /** ESC's open in-process: the session opened, then read, through the service. */
    const inProcessSession = async (): Promise<void> => {
      const { session } = await service.openSession('bench/app/root', { actor: 'bench' });
      await service.readSession('bench/app/root', session!.id, { actor: 'bench' });
    };

    /** 32 connections opening and reading for `duration` seconds with `bearer`'s token. */
    const loadWith = (bearer: string, duration: number) =>
      autocannon({
        url,
        connections: 32,
        duration,
        headers: { authorization: `token ${bearer}` },
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
    const load = await loadWith(token, 6);
    if (load.non2xx > 0 || load.errors > 0)
      throw new Error(`the load run had ${load.non2xx} non-2xx answers and ${load.errors} errors`);
    // The same load as a member whose permissions come from 5 teams and 500 grants, then the
    // admin's again: the ratio is to the mean of the admin's runs around it, so drift of the
    // machine's load between runs shows less.
    const rbac = await loadWith(rbacToken, 6);
    const after = await loadWith(token, 6);
    for (const run of [rbac, after])
      if (run.non2xx > 0 || run.errors > 0)
        throw new Error(`a load run had ${run.non2xx} non-2xx answers and ${run.errors} errors`);
    const adminMean = (load.requests.average + after.requests.average) / 2;

    // One at a time, after the load runs: both sides warm (a cold server would be measured
    // compiling, not serving), after 40 unmeasured rounds (the bare server's first requests);
    // then 20 rounds of 25 of each in a row.
    const sequential = await interleavedMedianMs(
      { http: openRead, service: inProcess, session: inProcessSession, bare: bareRequests },
      20,
      { warmup: 40, collectGarbage: false, streak: 25 },
    );
    await store.close();
    agent.destroy();
    return {
      'server.open_read_per_s_rbac': round(rbac.requests.average / 2, 0),
      'server.rbac_ratio': round(rbac.requests.average / adminMean, 2),
      // Each open + read is two requests; the admin's two runs, averaged.
      'server.open_read_per_s': round(adminMean / 2, 0),
      'server.open_read_p99_ms': round(load.latency.p99, 1),
      'server.request_p50_ms': round(load.latency.p50, 2),
      'server.open_read_ms_c1': round(sequential.http, 3),
      'server.open_in_process_ms': round(sequential.service, 3),
      'server.overhead_ratio': round(sequential.http / sequential.service),
      // ESC's open in-process: the service opens a session and reads it.
      'server.session_in_process_ms': round(sequential.session, 3),
      // The floor under the ratio: two requests answered by Node's HTTP server doing nothing.
      // A server adding no work of its own to the service's open would score floor_ratio.
      'server.bare_requests_ms_c1': round(sequential.bare, 3),
      'server.floor_ratio': round((sequential.bare + sequential.service) / sequential.service),
    };
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  }
}
