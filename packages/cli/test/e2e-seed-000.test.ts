// Seed 000, least privilege: the real binary against a real `strata serve` on loopback over a
// SQLite file, fn::open::aws-login against a fake STS. The admin sets the default to none, makes
// the teams identity (jane) and payments (joe), creates common/aws and gives both teams open; jane
// uses it but may not change it, and builds identity/common on it; joe cannot see hers; a program
// using @pulumi/esc-sdk with jane's token opens identity/common at dev; the admin moves stable,
// joe pins @2; the audit log shows every step with its actor, and `strata audit verify` notices
// an event deleted or altered in the SQLite file.

import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '@strata/core';
import { createSqliteStore } from '@strata/store-sqlite';
import { startFakeSts, type FakeSts } from '@strata/testkit-aws';
import { ensureBuilt, makeSandbox, runBinary, type Result } from './_helpers.js';
import { startServe, type ServeProcess } from './_serve.js';

const ISSUER = 'https://oidc.seed.test/strata';
const ROLE = 'arn:aws:iam::123456789012:role/seed-deploy';
const AWS = `values:
  aws:
    region: us-east-1
    login:
      fn::open::aws-login:
        oidc:
          roleArn: ${ROLE}
          sessionName: seed
  environmentVariables:
    AWS_REGION: \${aws.region}
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
`;
const IDENTITY = `imports:
  - common/aws@stable
values:
  app: identity
`;
const PINNED = `imports:
  - common/aws@2
values:
  app: payments
`;

/** The parts of @pulumi/esc-sdk a program uses here. */
interface EscClient {
  config: { basePath: string };
  openAndReadEnvironmentAtVersion(
    org: string,
    project: string,
    env: string,
    version: string,
  ): Promise<{ values?: unknown } | undefined>;
  openAndReadEnvironment(org: string, project: string, env: string): Promise<unknown>;
}
interface EscSdk {
  Configuration: new (options: { accessToken: string; basePath: string }) => unknown;
  EscApi: new (configuration: unknown) => EscClient;
}
interface SqliteFile {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): unknown;
  };
  close(): void;
}

// The official SDK, as a program of a team would load it (the server package depends on it), and
// better-sqlite3 to edit the server's file behind its back.
const here = dirname(fileURLToPath(import.meta.url));
const { Configuration, EscApi } = createRequire(resolve(here, '../../server/package.json'))(
  '@pulumi/esc-sdk',
) as EscSdk;
const Database = createRequire(resolve(here, '../package.json'))('better-sqlite3') as new (
  path: string,
) => SqliteFile;

let sandbox: Awaited<ReturnType<typeof makeSandbox>>;
let db: string;
let sts: FakeSts;
let server: ServeProcess;
const tokens: Record<string, string> = {};

/** Runs the binary as `who` against the server. */
function as(who: string, args: string[], stdin = ''): Promise<Result> {
  return runBinary(
    args,
    {
      ...sandbox.env,
      STRATA_BACKEND: server.url,
      STRATA_TOKEN: tokens[who]!,
      STRATA_ORG: 'acme',
    },
    stdin,
    sandbox.dir,
  );
}

async function ok(who: string, args: string[], stdin = ''): Promise<string> {
  const r = await as(who, args, stdin);
  expect(r.stderr + (r.code === 0 ? '' : `\nexit ${r.code}`), args.join(' ')).not.toContain(
    'error:',
  );
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await makeSandbox();
  db = join(sandbox.dir, 'strata.db');
  const local = { ...sandbox.env, STRATA_BACKEND: `sqlite://${db}`, STRATA_ORG: 'acme' };
  // The admin's first token, as `strata serve --init-admin` prints it.
  const store = createSqliteStore({ path: db });
  tokens['admin'] = (await new Accounts(store).initialize({ admin: 'admin', org: 'acme' })).token;
  await store.close();
  // The server's own OIDC issuer, which aws-login presents to STS.
  expect((await runBinary(['oidc', 'init', '--issuer', `${ISSUER}/`], local)).code).toBe(0);
  const site = join(sandbox.dir, 'site');
  expect((await runBinary(['oidc', 'publish', '--to', site], local)).code).toBe(0);
  sts = await startFakeSts({
    trust: { roleArn: ROLE, issuer: ISSUER, audience: 'acme', subject: 'strata:org/acme:env/*' },
    keys: { jwksPath: join(site, '.well-known', 'jwks.json') },
    maxSessionDuration: 3600,
  });
  server = await startServe(['--backend', `sqlite://${db}`, '--org', 'acme'], {
    ...sandbox.env,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    STRATA_NO_CREDENTIAL_CACHE: '1',
  });
  for (const file of [
    ['aws.yaml', AWS],
    ['identity.yaml', IDENTITY],
    ['pinned.yaml', PINNED],
  ] as const)
    await writeFile(join(sandbox.dir, file[0]), file[1]);
}, 120_000);

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  await sts?.close();
  await sandbox?.cleanup();
});

describe('seed 000: least privilege, end to end', () => {
  it('sets up the organization: default none, two teams, their members', async () => {
    for (const login of ['jane', 'joe']) {
      const added = await ok('admin', ['user', 'add', login]);
      tokens[login] = added.trim();
    }
    await ok('admin', ['org', 'set-default-permission', 'none']);
    await ok('admin', ['team', 'create', 'identity']);
    await ok('admin', ['team', 'create', 'payments']);
    await ok('admin', ['team', 'add-member', 'identity', 'jane']);
    await ok('admin', ['team', 'add-member', 'payments', 'joe']);
    expect(await ok('admin', ['team', 'ls'])).toMatch(
      /identity\s+│\s+jane\s[\s\S]*payments\s+│\s+joe\s/,
    );
  });

  it('creates common/aws with aws-login, tags stable, and gives both teams open', async () => {
    await ok('admin', ['env', 'init', 'common/aws', '-f', 'aws.yaml']);
    await ok('admin', ['env', 'version', 'tag', 'common/aws@stable']);
    await ok('admin', [
      'env',
      'access',
      'grant',
      'common/aws',
      '--team',
      'identity',
      '--permission',
      'open',
    ]);
    await ok('admin', [
      'env',
      'access',
      'grant',
      'common/aws',
      '--team',
      'payments',
      '--permission',
      'open',
    ]);
    const access = await ok('admin', ['env', 'access', 'ls', 'common/aws']);
    expect(access).toContain('team identity (jane)');
    expect(access).toMatch(/team payments \(joe\)\s+│\s+open\s+│\s+grant on common\/aws/);
  });

  it("lets jane use common/aws's credentials, and refuses her change naming the permission", async () => {
    const opened = JSON.parse(
      await ok('jane', ['env', 'open', 'common/aws', 'environmentVariables', '--format', 'json']),
    ) as Record<string, string>;
    expect(opened['AWS_REGION']).toBe('us-east-1');
    expect(opened['AWS_ACCESS_KEY_ID']).toMatch(/^ASIA/);
    const refused = await as('jane', ['env', 'set', 'common/aws', 'aws.region', 'eu-west-1']);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain(
      'error: permission denied: write on acme/common/aws needs the write permission (you have open)',
    );
    expect(await ok('admin', ['env', 'get', 'common/aws', 'aws.region', '--value', 'string'])).toBe(
      'us-east-1\n',
    );
  });

  it('lets jane build identity/common on common/aws@stable, which joe cannot see', async () => {
    await ok('jane', ['env', 'init', 'identity/common', '-f', 'identity.yaml']);
    await ok('jane', ['env', 'version', 'tag', 'identity/common@dev']);
    await ok('jane', ['env', 'version', 'tag', 'identity/common@production']);
    const hidden = await as('joe', ['env', 'get', 'identity/common']);
    expect(hidden.code).toBe(3);
    expect(hidden.stderr).toContain('environment acme/identity/common not found');
    expect(await ok('joe', ['env', 'ls'])).not.toContain('identity');
    // Nor through a diff against what he may read.
    const diff = await as('joe', ['env', 'diff', 'common/aws', 'identity/common']);
    expect(diff.code).toBe(3);
    expect(diff.stdout).not.toContain('identity');
  });

  it('opens identity/common at dev with @pulumi/esc-sdk and jane’s token', async () => {
    const api = new EscApi(
      new Configuration({ accessToken: tokens['jane']!, basePath: server.url }),
    );
    api.config.basePath = `${server.url}/api/esc`;
    const opened = await api.openAndReadEnvironmentAtVersion('acme', 'identity', 'common', 'dev');
    expect(opened?.values).toMatchObject({ app: 'identity', aws: { region: 'us-east-1' } });
    expect(
      String((opened?.values as { aws: { login: { accessKeyId: string } } }).aws.login.accessKeyId),
    ).toMatch(/^ASIA/);
    // joe's token gets the 404 of a missing environment from the SDK too.
    const joe = new EscApi(
      new Configuration({ accessToken: tokens['joe']!, basePath: server.url }),
    );
    joe.config.basePath = `${server.url}/api/esc`;
    const refused = await joe
      .openAndReadEnvironment('acme', 'identity', 'common')
      .catch((e: { response?: { status: number } }) => e.response?.status);
    expect(refused).toBe(404);
  });

  it('moves stable; joe pins @2', async () => {
    await ok('admin', ['env', 'set', 'common/aws', 'aws.region', 'eu-west-1']);
    await ok('admin', ['env', 'version', 'tag', 'common/aws@stable']);
    const region = (who: string, ref: string) =>
      ok(who, ['env', 'open', ref, 'aws.region', '--format', 'string']);
    expect(await region('jane', 'identity/common@dev')).toBe('eu-west-1\n');
    await ok('joe', ['env', 'init', 'payments/pinned', '-f', 'pinned.yaml']);
    expect(await region('joe', 'payments/pinned')).toBe('eu-west-1\n');
    // joe cannot import identity/common into his own environment either.
    const sneaky = await as('joe', [
      'env',
      'set',
      'payments/pinned',
      'x',
      '${environments.identity.common.app}',
    ]);
    expect(sneaky.code).toBe(5);
    expect(sneaky.stderr).toContain('permission denied: you may not read acme/identity/common');
  });

  it('shows every step with its actor in the audit log, and verifies its chain', async () => {
    const events = JSON.parse(
      await ok('admin', ['audit', '--limit', '1000', '--output', 'json']),
    ) as {
      actor: string;
      action: string;
      env: string;
      revision: number | null;
      details: Record<string, string>;
    }[];
    const steps = events.map(
      (e) => `${e.actor} ${e.action} ${e.env}${e.details['outcome'] === 'denied' ? ' denied' : ''}`,
    );
    expect(steps).toEqual(
      expect.arrayContaining([
        'admin org-update acme/*/*',
        'admin team-create acme/*/*',
        'admin create acme/common/aws',
        'admin tag acme/common/aws',
        'admin grant acme/common/aws',
        'jane open acme/common/aws',
        'jane write acme/common/aws denied',
        'jane create acme/identity/common',
        'jane tag acme/identity/common',
        'joe read acme/identity/common denied',
        'jane open acme/identity/common',
        'jane read-session acme/identity/common',
        'joe open acme/identity/common denied',
        'admin write acme/common/aws',
        'joe create acme/payments/pinned',
        'joe read acme/identity/common denied',
      ]),
    );
    // The order of the story, by the first time each step appears.
    const first = (step: string) => steps.indexOf(step);
    expect(first('admin create acme/common/aws')).toBeLessThan(
      first('jane write acme/common/aws denied'),
    );
    expect(first('jane create acme/identity/common')).toBeLessThan(
      first('jane open acme/identity/common'),
    );
    expect(first('admin write acme/common/aws')).toBeLessThan(
      first('joe create acme/payments/pinned'),
    );
    const sdkOpen = events.find(
      (e) => e.action === 'open' && e.env === 'acme/identity/common' && e.actor === 'jane',
    );
    expect(sdkOpen?.details).toMatchObject({ token: 'first token', sourceIP: '127.0.0.1' });
    expect(sdkOpen?.revision).toBe(1);
    // Members read none of it.
    const denied = await as('jane', ['audit']);
    expect([denied.code, denied.stderr]).toEqual([
      8,
      expect.stringContaining('permission denied: reading the audit log needs the admin role'),
    ]);
    expect(await ok('admin', ['audit', 'verify'])).toMatch(
      /^The audit log is intact: \d+ events in \d+ chains?\./,
    );
  });

  it('notices an event deleted or altered directly in the SQLite file', async () => {
    const file = new Database(db);
    const rows = file
      .prepare(`SELECT id, actor FROM audit WHERE org = 'acme' ORDER BY id`)
      .all() as { id: string; actor: string }[];
    const deleted = rows[5]!;
    const altered = rows.find((r) => r.actor === 'joe')!;
    file.prepare('DELETE FROM audit WHERE id = ?').run(deleted.id);
    file.prepare(`UPDATE audit SET actor = 'admin' WHERE id = ?`).run(altered.id);
    file.close();
    const verified = await as('admin', ['audit', 'verify']);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain('error: the audit log was tampered with: 2 problems');
    expect(verified.stdout).toContain(
      `event ${rows[6]!.id} the event before it in its chain is missing (number 6)`,
    );
    expect(verified.stdout).toContain(
      `event ${altered.id} was altered: its content does not match its hash`,
    );
  });
});
