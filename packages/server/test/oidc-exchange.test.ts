import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './_server.js';

// OIDC token exchange for CI, as pulumi/auth-actions (JSON) and esc login --oidc-token (a form)
// send it, against a fake issuer on loopback that serves a real discovery document and JWKS and
// signs real ES256 tokens. Every refusal names the check that failed and is audited.

const X = '/api/esc/environments';
const T = '/api/orgs/acme/teams';
const AUDIENCE = 'urn:pulumi:org:acme';
const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const TEAM_TOKEN = 'urn:pulumi:token-type:access_token:team';

interface FakeIssuer {
  readonly url: string;
  sign(
    claims: Record<string, unknown>,
    options?: { key?: CryptoKey; expiresIn?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

async function startIssuer(): Promise<FakeIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  let url = '';
  const server: Server = createHttpServer((request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer: url, jwks_uri: `${url}/jwks` }
        : request.url === '/jwks'
          ? { keys: [jwk] }
          : undefined;
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(url)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(options.key ?? privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const payments = { aud: AUDIENCE, sub: 'repo:acme/payments:ref:refs/heads/main' };
const exchangeBody = (token: string, extra: Record<string, unknown> = {}) => ({
  audience: AUDIENCE,
  grant_type: GRANT,
  subject_token_type: ID_TOKEN,
  requested_token_type: TEAM_TOKEN,
  subject_token: token,
  scope: 'team:payments',
  ...extra,
});

let issuer: FakeIssuer;
let s: TestServer;
let issuerId: string;

async function exchange(token: string, extra: Record<string, unknown> = {}) {
  const r = await s.request('POST', '/api/oauth/token', {
    token: null,
    body: exchangeBody(token, extra),
  });
  return { status: r.status, json: r.json() as Record<string, unknown> };
}

beforeAll(async () => {
  issuer = await startIssuer();
  s = await testServer();
  await s.request('PATCH', '/api/orgs/acme', {
    body: { setDefaultEnvironmentPermission: 'none' },
  });
  await s.request('POST', `${T}/pulumi`, { body: { name: 'payments' } });
  for (const [project, name] of [
    ['payments', 'app'],
    ['identity', 'common'],
  ] as const) {
    await s.request('POST', `${X}/acme`, { body: { project, name } });
    await s.request('PATCH', `${X}/acme/${project}/${name}`, { body: 'values:\n  a: b\n' });
  }
  await s.request('PATCH', `${T}/payments`, {
    body: {
      addEnvironmentPermission: { projectName: 'payments', envName: 'app', permission: 'open' },
    },
  });
  const registered = await s.request('POST', '/api/orgs/acme/oidc/issuers', {
    body: { name: 'github', url: issuer.url, maxExpiration: 3600 },
  });
  expect(registered.status).toBe(200);
  issuerId = (registered.json() as { id: string }).id;
});

afterAll(() => issuer.close());

describe('OIDC token exchange', () => {
  it('grants nothing from a new issuer, whose tokens it otherwise accepts', async () => {
    const r = await exchange(await issuer.sign(payments));
    expect(r).toEqual({
      status: 403,
      json: {
        error: 'access_denied',
        error_description:
          'no policy of issuer github allows a token of team payments to this token',
      },
    });
  });

  it('exchanges a matching ID token for a team token that opens what the team may open', async () => {
    const set = await s.request('PATCH', `/api/orgs/acme/auth/policies/${issuerId}`, {
      body: {
        policies: [
          {
            decision: 'allow',
            tokenType: 'team',
            teamName: 'payments',
            rules: { aud: AUDIENCE, sub: 'repo:acme/payments:*' },
          },
        ],
      },
    });
    expect(set.json()).toMatchObject({ id: issuerId, version: 2 });

    // As auth-actions sends it: JSON, a number of seconds, more than the issuer allows.
    const r = await exchange(await issuer.sign(payments), { expiration: 7200 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      issued_token_type: TEAM_TOKEN,
      token_type: 'token',
      expires_in: 3600,
      scope: 'team:payments',
    });
    const token = r.json['access_token'] as string;
    expect(token).toMatch(/^strata_t_/);
    expect((await s.request('POST', `${X}/acme/payments/app/open`, { token })).status).toBe(200);
    expect((await s.request('GET', `${X}/acme/identity/common`, { token })).status).toBe(404);

    // As esc login --oidc-token sends it: a form, the expiration a decimal string.
    const form = new URLSearchParams(
      Object.entries(exchangeBody(await issuer.sign(payments), { expiration: '600' })).map(
        ([k, v]): [string, string] => [k, String(v)],
      ),
    ).toString();
    const fromForm = await s.request('POST', '/api/oauth/token', {
      token: null,
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(fromForm.status).toBe(200);
    expect(fromForm.json()).toMatchObject({ expires_in: 600 });
  });

  it('refuses a token from another repository, and lets a deny win', async () => {
    const other = await issuer.sign({ ...payments, sub: 'repo:acme/identity:ref:refs/heads/main' });
    expect((await exchange(other)).json).toMatchObject({ error: 'access_denied' });
    // The identity team is not in the policy: asking for it gets nothing either.
    expect(
      (await exchange(await issuer.sign(payments), { scope: 'team:identity' })).json,
    ).toMatchObject({ error: 'access_denied' });
  });

  it('says which check an ID token failed, and never issues', async () => {
    const stranger = (await generateKeyPair('ES256')).privateKey;
    const cases: [string, Promise<string>, string][] = [
      [
        'signed by a key the issuer does not publish',
        issuer.sign(payments, { key: stranger }),
        'signature: ',
      ],
      [
        'expired',
        issuer.sign(payments, { expiresIn: '-10m' }),
        'expired: the ID token has expired',
      ],
      [
        'for another audience',
        issuer.sign({ ...payments, aud: 'urn:pulumi:org:other' }),
        'audience: the ID token is not for urn:pulumi:org:acme',
      ],
      [
        'unsigned (alg none)',
        Promise.resolve(unsigned({ ...payments, iss: issuer.url })),
        'signature: ',
      ],
    ];
    for (const [what, token, reason] of cases) {
      const r = await exchange(await token);
      expect({ what, status: r.status, error: r.json['error'] }).toEqual({
        what,
        status: 401,
        error: 'invalid_token',
      });
      expect(r.json['error_description']).toContain(reason);
      expect(r.json).not.toHaveProperty('access_token');
    }
  });

  it('refuses an issuer it does not trust the same way whether the org exists or not', async () => {
    const elsewhere = await startIssuer();
    const token = await elsewhere.sign(payments);
    await elsewhere.close();
    const unknown = await exchange(token);
    expect(unknown).toEqual({
      status: 401,
      json: {
        error: 'invalid_token',
        error_description: `the issuer "${elsewhere.url}" is not trusted by organization acme`,
      },
    });
    const noOrg = await exchange(token, { audience: 'urn:pulumi:org:nosuchorg' });
    expect(noOrg.json['error_description']).toBe(
      `the issuer "${elsewhere.url}" is not trusted by organization nosuchorg`,
    );
  });

  it('says when the issuer’s keys cannot be fetched', async () => {
    const gone = await startIssuer();
    const registered = await s.request('POST', '/api/orgs/acme/oidc/issuers', {
      body: { name: 'gone', url: gone.url },
    });
    const id = (registered.json() as { id: string }).id;
    await s.request('PATCH', `/api/orgs/acme/auth/policies/${id}`, {
      body: { policies: [{ decision: 'allow', tokenType: 'team', teamName: '*', rules: {} }] },
    });
    const token = await gone.sign(payments);
    await gone.close();
    const r = await exchange(token);
    expect(r.status).toBe(401);
    expect(r.json['error_description']).toMatch(
      /^keys: cannot read the issuer's discovery document/,
    );
    await s.request('DELETE', `/api/orgs/acme/oidc/issuers/${id}`);
  });

  it('takes malformed requests as OAuth2 errors', async () => {
    const token = await issuer.sign(payments);
    expect((await exchange(token, { grant_type: 'password' })).json).toMatchObject({
      error: 'unsupported_grant_type',
    });
    expect((await exchange(token, { audience: 'acme' })).json).toMatchObject({
      error: 'invalid_target',
    });
    expect((await exchange(token, { scope: 'payments' })).json).toMatchObject({
      error: 'invalid_scope',
    });
    expect((await exchange('not-a-jwt')).json).toMatchObject({ error: 'invalid_token' });
  });

  it('records every exchange, allowed or refused, in the organization’s audit log', async () => {
    const events = (await s.store.listAudit({ org: 'acme', limit: 1000 })).items.filter(
      (event) => event.action === 'token-exchange',
    );
    const outcomes = events.map((event) => event.details['outcome']);
    expect(outcomes).toContain('allowed');
    expect(outcomes).toContain('denied');
    const allowed = events.find((event) => event.details['outcome'] === 'allowed')!;
    expect(allowed).toMatchObject({
      actor: 'team:payments',
      details: { issuer: issuerId, subject: payments.sub, tokenType: 'team' },
    });
    expect(JSON.stringify(events)).not.toMatch(/strata_t_|eyJ/);
  });

  it('lets only organization admins manage issuers', async () => {
    await s.accounts.createUser('jane', 'Jane');
    await s.accounts.setMember('acme', 'jane', 'member');
    const jane = (await s.accounts.createToken({ login: 'jane', name: 'laptop', by: 'admin' }))
      .token;
    const add = await s.request('POST', '/api/orgs/acme/oidc/issuers', {
      token: jane,
      body: { name: 'mine', url: 'https://token.example.com' },
    });
    expect(add.status).toBe(403);
    const list = await s.request('GET', '/api/orgs/acme/oidc/issuers', { token: jane });
    expect(list.status).toBe(403);
    const mine = await s.request('GET', '/api/orgs/acme/oidc/issuers');
    expect(
      (mine.json() as { oidcIssuers: { name: string }[] }).oidcIssuers.map((i) => i.name),
    ).toEqual(['github']);
  });
});

/** A JWT with `alg: none` and no signature. */
function unsigned(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
}
