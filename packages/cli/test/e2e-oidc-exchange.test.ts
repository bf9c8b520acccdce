// Seed 004 with the real binary: a CI job logs in to a `strata serve` with nothing but the OIDC ID
// token its CI system gave it (a fake issuer on loopback publishing a real discovery document and
// JWKS), gets a short-lived `payments` team token, opens a payments environment and is refused
// `identity/common`; a token of the same issuer for another repository gets nothing. The admin
// sets it all up with the CLI: teams, grants, the issuer and its policy.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildJwks,
  buildOpenIdConfiguration,
  createSigningKey,
  signIdentityToken,
  type OidcIssuer,
} from '@strata/providers-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBinary, type Result } from './_helpers.js';
import { startServe, type ServeProcess } from './_serve.js';

const AUDIENCE = 'urn:pulumi:org:acme';

let issuer: OidcIssuer;
let issuerServer: Server;
let serve: ServeProcess;
let admin: (args: string[]) => Promise<Result>;
let ciDir: string;
let ciEnv: Record<string, string>;
const cleanups: (() => Promise<void>)[] = [];

const ci = (args: string[]) => runBinary(args, ciEnv, '', ciDir);

async function ok(run: Promise<Result>): Promise<string> {
  const r = await run;
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  await ensureBuilt();
  issuerServer = createServer((request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? buildOpenIdConfiguration(issuer)
        : request.url === '/.well-known/jwks.json'
          ? buildJwks(issuer)
          : undefined;
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  const port = (issuerServer.address() as AddressInfo).port;
  issuer = { url: `http://127.0.0.1:${port}`, key: await createSigningKey('ES256') };

  const host = await makeSandbox();
  cleanups.push(host.cleanup);
  serve = await startServe(
    [
      '--backend',
      `sqlite://${join(host.dir, 'team.db')}`,
      '--init-admin',
      'alice',
      '--org',
      'acme',
    ],
    host.env,
  );
  const laptop = await makeSandbox();
  cleanups.push(laptop.cleanup);
  const adminEnv: Record<string, string> = { ...laptop.env, NO_COLOR: '1' };
  delete adminEnv['STRATA_MASTER_KEY'];
  admin = (args) => runBinary(args, adminEnv, '', laptop.dir);
  await ok(admin(['login', serve.url, '--token', serve.stdout().split('\n')[0]!]));

  const ciBox = await makeSandbox();
  cleanups.push(ciBox.cleanup);
  ciDir = ciBox.dir;
  ciEnv = { ...ciBox.env, NO_COLOR: '1' };
  delete ciEnv['STRATA_MASTER_KEY'];
}, 120_000);

afterAll(async () => {
  if (serve !== undefined) await serve.stop();
  await new Promise((resolve) => issuerServer?.close(resolve));
  for (const cleanup of cleanups) await cleanup();
});

describe('a CI job with an OIDC token', () => {
  it('is set up by the admin with the CLI: teams, grants, the issuer and its policy', async () => {
    await ok(admin(['org', 'set-default-permission', 'none']));
    await ok(admin(['team', 'create', 'payments']));
    await ok(admin(['team', 'create', 'identity']));
    await writeFile(join(ciDir, 'app.yaml'), 'values:\n  environmentVariables:\n    MODE: live\n');
    await ok(admin(['env', 'init', 'payments/app', '-f', join(ciDir, 'app.yaml')]));
    await ok(admin(['env', 'init', 'identity/common', '-f', join(ciDir, 'app.yaml')]));
    await ok(
      admin([
        'env',
        'access',
        'grant',
        'payments/app',
        '--team',
        'payments',
        '--permission',
        'open',
      ]),
    );
    const added = await admin(['oidc', 'issuer', 'add', 'github', issuer.url]);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain(`Organization acme trusts ${issuer.url} as github`);
    const policies = join(ciDir, 'policies.yaml');
    await writeFile(
      policies,
      [
        '- decision: allow',
        '  tokenType: team',
        '  teamName: payments',
        '  rules:',
        `    aud: ${AUDIENCE}`,
        '    sub: "repo:acme/payments:*"',
        '',
      ].join('\n'),
    );
    const set = await admin(['oidc', 'policy', 'set', 'github', '-f', policies]);
    expect(set).toMatchObject({
      code: 0,
      stderr: 'Issuer github of acme has 1 policy (version 2).\n',
    });
    const listed: unknown = JSON.parse(
      await ok(admin(['oidc', 'issuer', 'ls', '--output', 'json'])),
    );
    expect(listed).toMatchObject([
      {
        name: 'github',
        url: issuer.url,
        maxExpiration: 90000,
        policies: [{ teamName: 'payments' }],
      },
    ]);
  });

  it('logs in with its ID token alone, opens what its team may open and nothing else', async () => {
    const idToken = await signIdentityToken(issuer, {
      audience: AUDIENCE,
      subject: 'repo:acme/payments:ref:refs/heads/main',
    });
    await writeFile(join(ciDir, 'id-token'), idToken);
    const login = await ci([
      'login',
      serve.url,
      '--oidc-token',
      `file://${join(ciDir, 'id-token')}`,
      '--oidc-team',
      'payments',
    ]);
    expect(login).toMatchObject({
      code: 0,
      stdout: `Logged in to ${serve.url} as team:payments (organization acme)\n`,
    });
    expect(JSON.parse(await ok(ci(['env', 'open', 'payments/app'])))).toEqual({
      environmentVariables: { MODE: 'live' },
    });
    const refused = await ci(['env', 'get', 'identity/common']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('environment acme/identity/common not found');
  });

  it('gets nothing for a token of another repository, and is told which check failed', async () => {
    const other = await signIdentityToken(issuer, {
      audience: AUDIENCE,
      subject: 'repo:acme/identity:ref:refs/heads/main',
    });
    const r = await ci(['login', serve.url, '--oidc-token', other, '--oidc-team', 'payments']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'the server refused the OIDC token (access_denied: no policy of issuer github allows a token of team payments to this token)',
    );
    expect(r.stderr).not.toContain(other);
  });
});
