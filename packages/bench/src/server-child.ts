// The server the benchmark loads, in a process of its own (the load generator gets the other
// core): SQLite in a fresh directory, an environment with 5 imports and 3 secrets.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  Accounts,
  Teams,
  createEnvironmentsService,
  createKeyring,
  createMasterKey,
  type EnvironmentsService,
} from '@strata/core';
import { startServer } from '@strata/server';
import { createSqliteStore } from '@strata/store-sqlite';

const dir = process.argv[2]!;
const store = createSqliteStore({ path: join(dir, 'strata.db') });
const masterKey = createMasterKey(new Uint8Array(32).fill(6));
const keyring = createKeyring({ store, masterKey });
const service = createEnvironmentsService({ store, keyring, defaultOrg: 'bench' });
// Users, tokens and open sessions live in the same SQLite file, as with `strata serve`.
const accounts = new Accounts(store);
const { token } = await accounts.initialize({ admin: 'bench', org: 'bench' });

// server.open_read_per_s_rbac: a member who may open only through their teams' grants (the
// default is none), in 5 teams holding 500 grants between them.
const teams = new Teams(store, accounts);
await accounts.updateOrg('bench', (org) => ({ ...org, defaultEnvironmentPermission: 'none' }));
await accounts.createUser('dev', 'dev');
await accounts.setMember('bench', 'dev', 'member');
const opened = ['root', 'imp0', 'imp1', 'imp2', 'imp3', 'imp4'];
for (let t = 0; t < 5; t++) {
  await teams.create('bench', { name: `team${t}` }, 'bench');
  await teams.update('bench', `team${t}`, { kind: 'member', action: 'add', login: 'dev' });
  for (let g = 0; g < 100; g++) {
    // The environments opened are granted by different teams, among 494 grants elsewhere.
    const mine = opened[t * 2 + g];
    await teams.update('bench', `team${t}`, {
      kind: 'grant',
      mode: 'add',
      grant:
        g < 2 && mine !== undefined
          ? { project: 'app', env: mine, permission: 'open' }
          : { project: `p${t}`, env: `env${g}`, permission: g % 2 === 0 ? 'read' : 'write' },
    });
  }
}
const { token: rbacToken } = await accounts.createToken({
  login: 'dev',
  name: 'bench',
  by: 'bench',
});

await createEnvironments(service);
// The same environments in a file of their own, for the in-process comparison: opens there
// write nothing to the server's file (another connection's commit would empty its read cache).
const twinPath = join(dir, 'in-process.db');
const twin = createSqliteStore({ path: twinPath });
await createEnvironments(
  createEnvironmentsService({
    store: twin,
    keyring: createKeyring({ store: twin, masterKey }),
    defaultOrg: 'bench',
  }),
);
await twin.close();

const server = await startServer({
  service,
  documents: store,
  host: '127.0.0.1',
  port: 0,
  onClose: () => store.close(),
});
// What two requests cost with no work behind them: Node's HTTP server in this same process,
// answering a constant (the floor under server.open_read_ms_c1 on this machine).
const bare = createHttpServer((_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end('{}');
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const barePort = (bare.address() as AddressInfo).port;
process.send!({
  url: server.url,
  token,
  rbacToken,
  twinPath,
  bareUrl: `http://127.0.0.1:${barePort}`,
});
process.on('message', (message) => {
  if (message === 'stop') {
    bare.close();
    void server.stop().then(() => process.exit(0));
  }
});

/** The opened environment, `app/root` (5 imports, 3 secrets), and its imports. */
async function createEnvironments(service: EnvironmentsService): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const secret = i < 2 ? `  secret${i}:\n    fn::secret: password-${i}\n` : '';
    await service.createEnvironment(`app/imp${i}`, {
      actor: 'bench',
      definition: `values:\n  v${i}: value ${i}\n  shared: from-${i}\n${secret}`,
    });
  }
  await service.createEnvironment('app/root', {
    actor: 'bench',
    definition:
      'imports:\n' +
      Array.from({ length: 5 }, (_, i) => `  - imp${i}\n`).join('') +
      'values:\n  url: https://${shared}.example.com\n  token:\n    fn::secret: root-token\n' +
      '  environmentVariables:\n    URL: ${url}\n    TOKEN: ${token}\n',
  });
}
