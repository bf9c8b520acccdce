// The server the benchmark loads, in a process of its own (the load generator gets the other
// core): SQLite in a fresh directory, an environment with 5 imports and 3 secrets.
import { join } from 'node:path';
import { Accounts, createEnvironmentsService, createKeyring, createMasterKey } from '@strata/core';
import { startServer } from '@strata/server';
import { createSqliteStore } from '@strata/store-sqlite';

const dir = process.argv[2]!;
const store = createSqliteStore({ path: join(dir, 'strata.db') });
const keyring = createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(6)) });
const service = createEnvironmentsService({ store, keyring, defaultOrg: 'bench' });
// Users, tokens and open sessions live in the same SQLite file, as with `strata serve`.
const { token } = await new Accounts(store).initialize({ admin: 'bench', org: 'bench' });

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

const server = await startServer({
  service,
  documents: store,
  keyring,
  host: '127.0.0.1',
  port: 0,
  onClose: () => store.close(),
});
process.send!({ url: server.url, token });
process.on('message', (message) => {
  if (message === 'stop') void server.stop().then(() => process.exit(0));
});
