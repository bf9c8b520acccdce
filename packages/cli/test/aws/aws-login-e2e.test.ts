// End to end: the built strata binary makes itself an OIDC issuer, publishes it, and opens
// environments with fn::open::aws-login against a fake STS on loopback that trusts that issuer.

import { generateKeyPairSync, sign } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Server } from '@strata/store-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, runBinary, type Result } from '../_helpers.js';
import { startFakeSts, type FakeSts } from '@strata/testkit-aws';

const ISSUER = 'https://oidc.example.test/strata';
const ROLE = 'arn:aws:iam::123456789012:role/strata-deploy';
const PRINT_VARS =
  'for (const k of ["AWS_ACCESS_KEY_ID","AWS_SECRET_ACCESS_KEY","AWS_SESSION_TOKEN"]) console.log(k + "=" + process.env[k])';

function oidcEnv(extra = ''): string {
  return [
    'values:',
    '  aws:',
    '    login:',
    '      fn::open::aws-login:',
    '        oidc:',
    `          roleArn: ${ROLE}`,
    '          sessionName: strata-e2e',
    extra,
    '  environmentVariables:',
    '    AWS_ACCESS_KEY_ID: ${aws.login.accessKeyId}',
    '    AWS_SECRET_ACCESS_KEY: ${aws.login.secretAccessKey}',
    '    AWS_SESSION_TOKEN: ${aws.login.sessionToken}',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

let sandbox: Awaited<ReturnType<typeof makeSandbox>>;
let env: Record<string, string>;
let sts: FakeSts;
let site: string;

const strata = (
  args: string[],
  extraEnv: Record<string, string> = {},
  stdin = '',
): Promise<Result> => runBinary(args, { ...env, ...extraEnv }, stdin);

async function init(name: string, definition: string): Promise<void> {
  const r = await strata(['env', 'init', name, '-f', '-'], {}, definition);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  sandbox = await makeSandbox();
  site = join(sandbox.dir, 'site');
  env = {
    ...sandbox.env,
    XDG_CACHE_HOME: join(sandbox.dir, 'cache'),
    STRATA_BACKEND: `sqlite://${join(sandbox.dir, 'strata.db')}`,
    STRATA_ORG: 'acme',
    AWS_REGION: 'us-east-1',
  };
  let r = await strata(['oidc', 'init', '--issuer', `${ISSUER}/`]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain(ISSUER);
  r = await strata(['oidc', 'publish', '--to', site]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  sts = await startFakeSts({
    trust: {
      roleArn: ROLE,
      issuer: ISSUER,
      audience: 'acme',
      subject: 'strata:org/acme:env/app/*',
    },
    keys: { jwksPath: join(site, '.well-known', 'jwks.json') },
    maxSessionDuration: 3600,
  });
  env['AWS_ENDPOINT_URL_STS'] = sts.endpoint;
  await init('app/dev', oidcEnv());
}, 60_000);

afterAll(async () => {
  await sts?.close();
  await sandbox?.cleanup();
});

describe('strata oidc', () => {
  it('publishes a discovery document and a JWKS without private parts', async () => {
    const config = JSON.parse(
      await readFile(join(site, '.well-known', 'openid-configuration'), 'utf8'),
    ) as { issuer: string; jwks_uri: string };
    expect(config.issuer).toBe(ISSUER);
    expect(config.jwks_uri).toBe(`${ISSUER}/.well-known/jwks.json`);
    const jwks = await readFile(join(site, '.well-known', 'jwks.json'), 'utf8');
    expect(JSON.parse(jwks)).toMatchObject({ keys: [{ alg: 'ES256', use: 'sig' }] });
    expect(jwks).not.toContain('"d"');
  });

  it('keeps the signing key encrypted at rest', async () => {
    const file = await readFile(
      join(env['XDG_CONFIG_HOME']!, 'strata', 'oidc', 'acme.json'),
      'utf8',
    );
    expect(file).not.toContain('"d"');
    expect(JSON.parse(file)).toMatchObject({ issuer: ISSUER, alg: 'ES256' });
  });

  it('shows the issuer, audience and subject format', async () => {
    const r = await strata(['oidc', 'show']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Issuer:    ${ISSUER}`);
    expect(r.stdout).toContain('Audience:  acme');
    expect(r.stdout).toContain('strata:org/acme:env/<project>/<env>');
  });

  it('publishes the discovery document and JWKS to an S3 bucket', async () => {
    const server = await startS3Server({ buckets: ['issuer'] });
    try {
      const target = `s3://issuer/strata?endpoint=${encodeURIComponent(server.endpoint)}&forcePathStyle=true&region=us-east-1`;
      const r = await strata(['oidc', 'publish', '--to', target], {
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('wrote s3://issuer/strata/.well-known/openid-configuration');
      const client = new S3Client(server.clientConfig);
      const read = async (key: string) =>
        JSON.parse(
          await (
            await client.send(new GetObjectCommand({ Bucket: 'issuer', Key: key }))
          ).Body!.transformToString(),
        ) as Record<string, unknown>;
      const discovery = await read('strata/.well-known/openid-configuration');
      expect(discovery.issuer).toBe(ISSUER);
      const jwks = await read('strata/.well-known/jwks.json');
      expect(jwks.keys).toHaveLength(1);
      client.destroy();
    } finally {
      await server.close();
    }
  });

  it('refuses a destination that is neither a directory nor S3', async () => {
    const r = await strata(['oidc', 'publish', '--to', 'gs://bucket/prefix']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('s3://bucket/prefix');
  });
});

describe('aws-login over Strata OIDC', () => {
  it('runs a command with masked credentials, reusing them on the next run', async () => {
    const before = sts.calls;
    const first = await strata(['run', 'app/dev', '--', process.execPath, '-e', PRINT_VARS]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('AWS_ACCESS_KEY_ID=[secret]');
    expect(first.stdout).toContain('AWS_SECRET_ACCESS_KEY=[secret]');
    expect(first.stdout).toContain('AWS_SESSION_TOKEN=[secret]');
    expect(sts.calls).toBe(before + 1);
    const request = sts.requests.at(-1)!;
    expect(request['RoleArn']).toBe(ROLE);

    const clear = await strata(['run', 'app/dev', '-i', '--', process.execPath, '-e', PRINT_VARS]);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toMatch(/AWS_ACCESS_KEY_ID=ASIA[0-9A-F]{16}\n/);
    expect(sts.calls).toBe(before + 1);

    // the cache on disk holds no plaintext credentials
    const id = /AWS_ACCESS_KEY_ID=(\S+)/.exec(clear.stdout)![1]!;
    const dir = join(env['XDG_CACHE_HOME']!, 'strata', 'aws-credentials');
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(await readFile(join(dir, f), 'utf8')).not.toContain(id);
  });

  it('calls STS on every open with STRATA_NO_CREDENTIAL_CACHE=1', async () => {
    const before = sts.calls;
    const r = await strata(['open', 'app/dev', 'aws.login.accessKeyId', '-f', 'string'], {
      STRATA_NO_CREDENTIAL_CACHE: '1',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ASIA/);
    expect(sts.calls).toBe(before + 1);
  });

  it('calls STS on every run with --no-credential-cache', async () => {
    const before = sts.calls;
    const r = await strata([
      'run',
      '--no-credential-cache',
      'app/dev',
      '--',
      process.execPath,
      '-e',
      PRINT_VARS,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sts.calls).toBe(before + 1);
  });

  it('loads the AWS providers and the AWS SDK only for environments that use aws-login', async () => {
    // A preload that reports on stderr every module the bundled CLI requires from AWS code: the
    // providers' chunk and the SDK packages.
    const trace = join(sandbox.dir, 'trace.cjs');
    await writeFile(
      trace,
      [
        "const Module = require('node:module');",
        'const load = Module._load;',
        'Module._load = function (request, ...rest) {',
        "  if (/aws-providers|@aws-sdk\\//.test(request)) process.stderr.write('LOADED ' + request + '\\n');",
        '  return load.call(this, request, ...rest);',
        '};',
        '',
      ].join('\n'),
    );
    const traced = { NODE_OPTIONS: `--require=${trace}` };
    await init('app/plain', 'values:\n  port: 8080\n');
    const plain = await strata(['open', 'app/plain'], traced);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain('LOADED');
    const aws = await strata(['open', 'app/dev', 'aws.login.expiration', '-f', 'string'], traced);
    expect(aws.code).toBe(0);
    expect(aws.stderr).toMatch(/LOADED .*aws-providers/);
  });

  it('passes static credentials through strata open without STS', async () => {
    await init(
      'app/static',
      [
        'values:',
        '  aws:',
        '    login:',
        '      fn::open::aws-login:',
        '        static:',
        '          accessKeyId: AKIASTATIC',
        '          secretAccessKey: {fn::secret: shh}',
        '',
      ].join('\n'),
    );
    const before = sts.calls;
    const r = await strata(['open', 'app/static']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      aws: { login: { accessKeyId: 'AKIASTATIC', secretAccessKey: 'shh' } },
    });
    expect(sts.calls).toBe(before);
  });

  it.each<{
    what: string;
    name: string;
    definition: string;
    extraEnv: Record<string, string>;
    expected: string[];
  }>([
    {
      what: 'a subject the trust policy does not allow',
      name: 'other/dev',
      definition: oidcEnv(),
      extraEnv: {},
      expected: ['AccessDenied', 'strata:org/acme:env/other/dev', "Fix: the role's trust policy"],
    },
    {
      what: 'a duration over the role maximum',
      name: 'app/long',
      definition: oidcEnv('          duration: 2h'),
      extraEnv: {},
      expected: ['Fix: the requested duration (7200s)', 'maximum session duration'],
    },
    {
      what: 'an unreachable STS',
      name: 'app/down',
      definition: oidcEnv(),
      extraEnv: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' },
      expected: ['Fix: STS at http://127.0.0.1:9', 'AWS_ENDPOINT_URL_STS'],
    },
  ])('explains $what', async ({ name, definition, extraEnv, expected }) => {
    await init(name, definition);
    const r = await strata(['run', name, '--', process.execPath, '-e', PRINT_VARS], extraEnv);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(ROLE);
    for (const text of expected) expect(r.stderr).toContain(text);
  });

  it('explains a wrong audience', async () => {
    const other = await startFakeSts({
      trust: { roleArn: ROLE, issuer: ISSUER, audience: 'not-acme', subject: '*' },
      keys: { jwksPath: join(site, '.well-known', 'jwks.json') },
    });
    try {
      await init('app/aud', oidcEnv());
      const r = await strata(['open', 'app/aud'], { AWS_ENDPOINT_URL_STS: other.endpoint });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('InvalidIdentityToken');
      expect(r.stderr).toContain('Fix:');
      expect(r.stderr).toContain('aud');
      expect(r.stderr).toContain(ISSUER);
    } finally {
      await other.close();
    }
  });

  it('uses AWS_WEB_IDENTITY_TOKEN_FILE and explains an expired token', async () => {
    // Another issuer's token, already expired, signed with a key the fake STS trusts.
    const other = 'https://ci.example.test';
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'ci', alg: 'ES256', use: 'sig' };
    const jwksPath = join(sandbox.dir, 'ci-jwks.json');
    await writeFile(jwksPath, JSON.stringify({ keys: [jwk] }));
    const now = Math.floor(Date.now() / 1000);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const head = `${b64({ alg: 'ES256', kid: 'ci', typ: 'JWT' })}.${b64({
      iss: other,
      aud: 'acme',
      sub: 'strata:org/acme:env/app/ci',
      iat: now - 600,
      exp: now - 300,
    })}`;
    const signature = sign('sha256', Buffer.from(head), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const tokenFile = join(sandbox.dir, 'token');
    await writeFile(tokenFile, `${head}.${signature.toString('base64url')}\n`);
    const ci = await startFakeSts({
      trust: { roleArn: ROLE, issuer: other, audience: 'acme', subject: '*' },
      keys: { jwksPath },
    });
    try {
      await init('app/ci', oidcEnv());
      const r = await strata(['open', 'app/ci'], {
        AWS_ENDPOINT_URL_STS: ci.endpoint,
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('ExpiredToken');
      expect(r.stderr).toContain('Fix:');
      expect(r.stderr).toContain(other);
      expect(ci.calls).toBe(1);
    } finally {
      await ci.close();
    }
  });
});
