// The main job on the embedded default: store the bundled example environments in a SQLite file
// (the default backend, here under .strata-demo/ so your own data is untouched), tag a revision,
// show the opened result with secrets redacted, and run a command with the environment.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const demo = `${root}.strata-demo`;
rmSync(demo, { recursive: true, force: true });
mkdirSync(demo, { recursive: true });
const env = {
  ...process.env,
  XDG_DATA_HOME: `${demo}/data`,
  XDG_CONFIG_HOME: `${demo}/config`,
  XDG_CACHE_HOME: `${demo}/cache`,
  STRATA_BACKEND: '',
  NO_COLOR: '1',
};
delete env.STRATA_BACKEND;
delete env.STRATA_MASTER_KEY;

function strata(...args) {
  console.log(`\n$ strata ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [`${root}packages/cli/bin/strata.js`, ...args], {
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

strata('whoami');
strata('env', 'init', 'acme/base', '-f', `${root}examples/environments/acme/base.yaml`);
strata('env', 'init', 'acme/payments', '-f', `${root}examples/environments/acme/payments.yaml`);
strata('env', 'version', 'tag', 'acme/payments@stable');
strata('env', 'get', 'acme/payments@stable', '--value', 'json');
strata(
  'run',
  'acme/payments',
  '--',
  process.execPath,
  '-e',
  'console.log("child sees DATABASE_URL=" + process.env.DATABASE_URL)',
);
