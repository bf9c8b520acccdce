// End to end: the built strata binary opens an ESC-shaped environment (aws-login via Strata's OIDC
// issuer, then aws-secrets and aws-parameter-store with its credentials, JSON unpacked with
// fn::fromJSON, environment variables) against fakes of STS, Secrets Manager and SSM on loopback
// that verify each request's signature against the credentials STS issued.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeSecretsManager,
  startFakeSsm,
  startFakeSts,
  type FakeSecretsManager,
  type FakeSsm,
  type FakeSts,
} from '@strata/testkit-aws';
import { makeSandbox, runBinary, type Result } from '../_helpers.js';

const ISSUER = 'https://oidc.example.test/strata';
const ROLE = 'arn:aws:iam::123456789012:role/strata-app';
const REGION = 'us-west-2';
const PRINT_VARS =
  'for (const k of ["DB_USER","DB_PASSWORD","API_KEY","APP_URL","APP_PASSWORD"]) console.log(k + "=" + process.env[k])';

const ENVIRONMENT = `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
          roleArn: ${ROLE}
          sessionName: strata-app
    secrets:
      fn::open::aws-secrets:
        region: ${REGION}
        login: \${aws.login}
        get:
          db:
            secretId: prod/db
          apiKey:
            secretId: prod/api-key
    params:
      fn::open::aws-parameter-store:
        region: ${REGION}
        login: \${aws.login}
        get:
          url:
            name: /app/url
          password:
            name: /app/password
  db:
    fn::fromJSON: \${aws.secrets.db}
  environmentVariables:
    DB_USER: \${db.user}
    DB_PASSWORD: \${db.password}
    API_KEY: \${aws.secrets.apiKey}
    APP_URL: \${aws.params.url}
    APP_PASSWORD: \${aws.params.password}
`;

let sandbox: Awaited<ReturnType<typeof makeSandbox>>;
let env: Record<string, string>;
let sts: FakeSts;
let secrets: FakeSecretsManager;
let ssm: FakeSsm;

const strata = (args: string[], extra: Record<string, string> = {}, stdin = ''): Promise<Result> =>
  runBinary(args, { ...env, ...extra }, stdin);

async function init(name: string, definition: string): Promise<void> {
  const r = await strata(['env', 'init', name, '-f', '-'], {}, definition);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  sandbox = await makeSandbox();
  const site = join(sandbox.dir, 'site');
  env = {
    ...sandbox.env,
    STRATA_BACKEND: `sqlite://${join(sandbox.dir, 'strata.db')}`,
    STRATA_ORG: 'acme',
    AWS_REGION: 'us-east-1',
    // Nothing on this machine may stand in for the credentials aws-login issues.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  let r = await strata(['oidc', 'init', '--issuer', ISSUER]);
  expect(r.code).toBe(0);
  r = await strata(['oidc', 'publish', '--to', site]);
  expect(r.code).toBe(0);
  sts = await startFakeSts({
    trust: {
      roleArn: ROLE,
      issuer: ISSUER,
      audience: 'acme',
      subject: 'strata:org/acme:env/app/*',
    },
    keys: { jwksPath: join(site, '.well-known', 'jwks.json') },
  });
  const services = { region: REGION, credentials: sts.credentials };
  secrets = await startFakeSecretsManager(services);
  ssm = await startFakeSsm(services);
  secrets.putSecret('prod/db', JSON.stringify({ user: 'app_user', password: 'db-pa55word' }));
  secrets.putSecret('prod/api-key', 'api-key-0123456789');
  ssm.putParameter('/app/url', 'https://app.example.test');
  ssm.putParameter('/app/password', 'param-pa55word', { type: 'SecureString' });
  env['AWS_ENDPOINT_URL_STS'] = sts.endpoint;
  env['AWS_ENDPOINT_URL_SECRETS_MANAGER'] = secrets.endpoint;
  env['AWS_ENDPOINT_URL_SSM'] = ssm.endpoint;
  await init('app/dev', ENVIRONMENT);
}, 60_000);

afterAll(async () => {
  await secrets?.close();
  await ssm?.close();
  await sts?.close();
  await sandbox?.cleanup();
});

describe('aws-secrets and aws-parameter-store through strata run', () => {
  it('runs a command with every secret masked, the plain parameter shown', async () => {
    const r = await strata(['run', 'app/dev', '--', process.execPath, '-e', PRINT_VARS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'DB_USER=[secret]',
        'DB_PASSWORD=[secret]',
        'API_KEY=[secret]',
        'APP_URL=https://app.example.test',
        'APP_PASSWORD=[secret]',
        '',
      ].join('\n'),
    );
    // The secrets and parameters were read with the credentials STS issued for the role, the
    // secrets in one BatchGetSecretValue call and the parameters in one GetParameters call.
    expect(secrets.calls.map((c) => c.operation)).toEqual(['BatchGetSecretValue']);
    expect(ssm.calls.map((c) => c.operation)).toEqual(['GetParameters']);
    for (const call of [...secrets.calls, ...ssm.calls]) {
      expect(call.caller.arn).toBe('arn:aws:sts::123456789012:assumed-role/strata-app/strata-app');
      expect(call.caller.region).toBe(REGION);
    }
  });

  it('hands the child the values themselves', async () => {
    const r = await strata(['run', 'app/dev', '-i', '--', process.execPath, '-e', PRINT_VARS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'DB_USER=app_user',
        'DB_PASSWORD=db-pa55word',
        'API_KEY=api-key-0123456789',
        'APP_URL=https://app.example.test',
        'APP_PASSWORD=param-pa55word',
        '',
      ].join('\n'),
    );
  });

  it('keeps every secret out of env open without --show-secrets', async () => {
    const r = await strata(['env', 'open', 'app/dev']);
    expect(r.code).toBe(0);
    // `open` shows values, as esc does; `get` and check redact them.
    const check = await strata(['env', 'get', 'app/dev', 'aws.secrets']);
    expect(check.code).toBe(0);
    for (const text of ['db-pa55word', 'api-key-0123456789', 'param-pa55word'])
      expect(check.stdout + check.stderr).not.toContain(text);
  });

  it('reports a missing secret and a refused parameter at their entries, without running the command', async () => {
    await init(
      'app/broken',
      ENVIRONMENT.replace('secretId: prod/api-key', 'secretId: prod/nope').replace(
        'name: /app/url',
        'name: /app/missing',
      ),
    );
    const r = await strata(['run', 'app/broken', '--', process.execPath, '-e', PRINT_VARS]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /acme\/app\/broken:16:13: error: aws-secrets: cannot read secret "prod\/nope" \(get\.apiKey\) in us-west-2 as role arn:aws:iam::123456789012:role\/strata-app: ResourceNotFoundException/,
    );
    expect(r.stderr).toMatch(
      /acme\/app\/broken:23:13: error: aws-parameter-store: cannot read parameter "\/app\/missing" \(get\.url\)/,
    );
    expect(r.stderr).toContain('Fix: check the name (or ARN), its version and the region');
    for (const text of ['db-pa55word', 'param-pa55word']) expect(r.stderr).not.toContain(text);
  });

  it('loads the Secrets Manager and SSM SDKs only for environments that use them', async () => {
    const trace = join(sandbox.dir, 'trace.cjs');
    await writeFile(
      trace,
      [
        "const Module = require('node:module');",
        'const load = Module._load;',
        'Module._load = function (request, ...rest) {',
        "  if (/@aws-sdk\\/client-/.test(request)) process.stderr.write('LOADED ' + request + '\\n');",
        '  return load.call(this, request, ...rest);',
        '};',
        '',
      ].join('\n'),
    );
    const traced = { NODE_OPTIONS: `--require=${trace}` };
    await init('app/login-only', 'values:\n  x: 1\n');
    const plain = await strata(['env', 'open', 'app/login-only'], traced);
    expect(plain.stderr).not.toContain('LOADED');
    const full = await strata(['env', 'open', 'app/dev', 'aws.params.url', '-f', 'string'], traced);
    expect(full.code).toBe(0);
    expect(full.stderr).toContain('LOADED @aws-sdk/client-secrets-manager');
    expect(full.stderr).toContain('LOADED @aws-sdk/client-ssm');
    expect(full.stderr).not.toContain('LOADED @aws-sdk/client-kms');
  });
});
