import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONSOLE_SESSION_IDLE_MS } from '@strata/core';
import { testServer, type TestServer } from './_server.js';

// The web console's server side: its session (sign-in with a token for an HttpOnly cookie, the
// CSRF token on every state-changing call, sign-out everywhere), its pages, and its preview,
// which never sends a secret unless a caller who may open asked for it.

const SECRET = 'console-secret-hunter2';
const X = '/api/esc/environments';

function cookieOf(headers: Record<string, unknown>): string {
  const set = headers['set-cookie'];
  const line = Array.isArray(set) ? String(set[0]) : String(set);
  return line.split(';')[0]!;
}

async function signIn(s: TestServer, token = s.token) {
  const answer = await s.request('POST', '/api/console/session', { token });
  expect(answer.status).toBe(200);
  const json = answer.json() as { csrf: string; login: string };
  return { cookie: cookieOf(answer.headers), csrf: json.csrf, answer };
}

async function member(s: TestServer, login: string): Promise<string> {
  await s.accounts.createUser(login, login);
  await s.accounts.setMember('acme', login, 'member');
  return (await s.accounts.createToken({ login, name: `${login}'s laptop`, by: 'admin' })).token;
}

describe('console session', () => {
  it('exchanges a token for an HttpOnly, SameSite=Strict, expiring cookie and a CSRF token', async () => {
    const s = await testServer();
    expect((await s.request('GET', '/api/console/session', { token: null })).json()).toEqual({
      signedIn: false,
    });
    const { cookie, csrf, answer } = await signIn(s);
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^strata-session=strata_s_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json()).toMatchObject({
      signedIn: true,
      login: 'admin',
      organizations: [{ name: 'acme', role: 'admin' }],
      csrf,
    });
    // The page reloaded: the cookie says who it is, and the same CSRF token comes back.
    const probe = await s.request('GET', '/api/console/session', {
      token: null,
      headers: { cookie },
    });
    expect(probe.json()).toMatchObject({ signedIn: true, login: 'admin', csrf });
    // The cookie authenticates the API.
    const user = await s.request('GET', '/api/user', { token: null, headers: { cookie } });
    expect([user.status, (user.json() as { githubLogin: string }).githubLogin]).toEqual([
      200,
      'admin',
    ]);
    // The token itself is in no answer.
    expect(answer.body).not.toContain(s.token);
  });

  it('refuses every state-changing call without the CSRF token, or from another origin', async () => {
    const s = await testServer();
    const { cookie, csrf } = await signIn(s);
    const create = (headers: Record<string, string>) =>
      s.request('POST', `${X}/acme`, {
        token: null,
        headers: { cookie, ...headers },
        body: { project: 'app', name: `dev${Math.random().toString(36).slice(2, 8)}` },
      });
    const none = await create({});
    expect([none.status, (none.json() as { message: string }).message]).toEqual([
      403,
      'this request lacks the console CSRF token; reload the console and try again',
    ]);
    expect((await create({ 'x-strata-csrf': `${csrf}x` })).status).toBe(403);
    const other = await signIn(s);
    expect((await create({ 'x-strata-csrf': other.csrf })).status).toBe(403);
    expect((await create({ 'x-strata-csrf': csrf, origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await create({ 'x-strata-csrf': csrf, origin: 'http://localhost:80' })).status).toBe(
      204,
    );
    expect((await create({ 'x-strata-csrf': csrf })).status).toBe(204);
    const list = await s.request('GET', `${X}/acme`, { token: null, headers: { cookie } });
    expect((list.json() as { environments: unknown[] }).environments).toHaveLength(2);
  });

  it('signs out on the server: the cookie no longer works anywhere, and is cleared', async () => {
    const s = await testServer();
    const { cookie, csrf } = await signIn(s);
    const noCsrf = await s.request('DELETE', '/api/console/session', {
      token: null,
      headers: { cookie },
    });
    expect(noCsrf.status).toBe(403);
    const out = await s.request('DELETE', '/api/console/session', {
      token: null,
      headers: { cookie, 'x-strata-csrf': csrf },
    });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(
      /^strata-session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/,
    );
    const after = await s.request('GET', '/api/user', { token: null, headers: { cookie } });
    expect(after.status).toBe(401);
    expect(String(after.headers['set-cookie'])).toContain('Max-Age=0');
    expect(
      (await s.request('GET', '/api/console/session', { token: null, headers: { cookie } })).status,
    ).toBe(401);
  });

  it('expires after an hour unused', async () => {
    let time = Date.now();
    const s = await testServer({ now: () => new Date(time) });
    const { cookie } = await signIn(s);
    time += CONSOLE_SESSION_IDLE_MS;
    const after = await s.request('GET', '/api/user', { token: null, headers: { cookie } });
    expect([after.status, (after.json() as { message: string }).message]).toEqual([
      401,
      'your console session has ended; sign in again',
    ]);
  });

  it('marks the cookie Secure with the __Host- prefix behind TLS', async () => {
    const s = await testServer({ trustProxy: ['127.0.0.1'] });
    const answer = await s.request('POST', '/api/console/session', {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.0.0.9' },
    });
    expect(String(answer.headers['set-cookie'])).toMatch(
      /^__Host-strata-session=strata_s_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/,
    );
  });

  it('cannot be opened by a session, nor without a token', async () => {
    const s = await testServer();
    const { cookie, csrf } = await signIn(s);
    const again = await s.request('POST', '/api/console/session', {
      token: null,
      headers: { cookie, 'x-strata-csrf': csrf },
    });
    expect(again.status).toBe(400);
    expect((await s.request('POST', '/api/console/session', { token: null })).status).toBe(401);
  });
});

describe('console pages', () => {
  function built(): string {
    const dir = mkdtempSync(join(tmpdir(), 'strata-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Strata</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'big-def.js'), 'console.log("strata");\n'.repeat(200));
    mkdirSync(join(dir, '.vite'));
    writeFileSync(join(dir, '.vite', 'manifest.json'), '{}');
    return dir;
  }

  it('serves the page at every console URL and the assets, without credentials', async () => {
    const s = await testServer({ consoleDir: built() });
    for (const url of ['/', '/environments', '/environments/acme/app/dev/revisions?compare=1..2']) {
      const page = await s.request('GET', url, { token: null });
      expect([url, page.status, page.body]).toEqual([
        url,
        200,
        '<!doctype html><title>Strata</title>',
      ]);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.headers['x-frame-options']).toBe('DENY');
    }
    const script = await s.request('GET', '/assets/index-abc.js', { token: null });
    expect([
      script.status,
      script.headers['content-type'],
      script.headers['cache-control'],
    ]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    expect((await s.request('GET', '/assets/missing.js', { token: null })).status).toBe(404);
    // The build's manifest is not served: the page comes back instead.
    expect((await s.request('GET', '/.vite/manifest.json', { token: null })).body).toContain(
      '<title>',
    );
  });

  it('sends text gzipped to browsers that accept it', async () => {
    const s = await testServer({ consoleDir: built() });
    const plain = await s.request('GET', '/assets/big-def.js', { token: null });
    expect([plain.headers['content-encoding'], plain.headers['vary']]).toEqual([
      undefined,
      'accept-encoding',
    ]);
    const zipped = await s.app.inject({
      method: 'GET',
      url: '/assets/big-def.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(plain.body.length / 10);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('keeps the API behind authentication, console or not', async () => {
    const withConsole = await testServer({ consoleDir: built() });
    const without = await testServer();
    for (const s of [withConsole, without]) {
      expect((await s.request('GET', '/api/nothing-here', { token: null })).status).toBe(401);
      expect((await s.request('GET', '/api/nothing-here')).status).toBe(404);
      expect((await s.request('GET', `${X}/acme`, { token: null })).status).toBe(401);
    }
    expect((await without.request('GET', '/', { token: null })).status).toBe(401);
  });
});

describe('console preview', () => {
  async function seeded() {
    const s = await testServer();
    const reader = await member(s, 'rita');
    const opener = await member(s, 'oscar');
    const outsider = await member(s, 'olga');
    await s.accounts.updateOrg('acme', (org) => ({ ...org, defaultEnvironmentPermission: 'none' }));
    for (const [team, login, permission] of [
      ['readers', 'rita', 'read'],
      ['openers', 'oscar', 'open'],
    ] as const) {
      await s.teams.create('acme', { name: team }, 'admin');
      await s.teams.update('acme', team, { kind: 'member', action: 'add', login });
      await s.teams.update('acme', team, {
        kind: 'grant',
        mode: 'add',
        grant: { project: 'app', env: 'dev', permission },
      });
    }
    expect(
      (await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } })).status,
    ).toBe(204);
    const written = await s.request('PATCH', `${X}/acme/app/dev`, {
      body: [
        'values:',
        '  region: eu-west-1',
        '  db:',
        '    password:',
        `      fn::secret: ${SECRET}`,
        '  environmentVariables:',
        '    DB_PASSWORD: ${db.password}',
        '    REGION: ${region}',
        '  files:',
        '    PASSWORD_FILE: ${db.password}',
        '',
      ].join('\n'),
    });
    expect(written.status).toBe(200);
    return { s, reader, opener, outsider };
  }

  const preview = async (s: TestServer, token: string, body: object) => {
    const { cookie, csrf } = await signIn(s, token);
    return s.request('POST', '/api/console/preview', {
      token: null,
      headers: { cookie, 'x-strata-csrf': csrf },
      body,
    });
  };

  it('opens for an opener with every secret as [secret], and reveals one on request', async () => {
    const { s, opener } = await seeded();
    const answer = await preview(s, opener, { env: 'acme/app/dev' });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain(SECRET);
    expect(answer.headers['cache-control']).toBe('no-store');
    const json = answer.json() as Record<string, unknown>;
    expect(json).toMatchObject({
      env: 'acme/app/dev',
      revision: 2,
      opened: true,
      secrets: ['db.password', 'environmentVariables.DB_PASSWORD', 'files.PASSWORD_FILE'],
      environmentVariables: [
        { name: 'DB_PASSWORD', value: '[secret]', secret: true },
        { name: 'REGION', value: 'eu-west-1', secret: false },
      ],
      files: [{ name: 'PASSWORD_FILE', value: '[secret]', secret: true }],
      revealed: {},
    });
    expect(JSON.parse(json['json'] as string)).toMatchObject({ db: { password: '[secret]' } });

    const revealed = await preview(s, opener, {
      env: 'acme/app/dev',
      reveal: ['environmentVariables.DB_PASSWORD'],
    });
    expect((revealed.json() as { revealed: unknown }).revealed).toEqual({
      'environmentVariables.DB_PASSWORD': SECRET,
    });
    // Each preview of an opener is an open, in the audit log.
    const audit = await s.request('POST', '/api/strata/v1/listAudit', {
      body: [{ env: 'acme/app/dev' }],
    });
    const events = (audit.json() as { result: { items: { action: string; actor: string }[] } })
      .result.items;
    expect(events.filter((e) => e.action === 'open').map((e) => e.actor)).toEqual([
      'oscar',
      'oscar',
    ]);
  });

  it('only checks for a reader, refuses a reveal (403), and hides the environment from others (404)', async () => {
    const { s, reader, outsider } = await seeded();
    const checked = await preview(s, reader, { env: 'acme/app/dev' });
    expect(checked.status).toBe(200);
    expect(checked.body).not.toContain(SECRET);
    expect(checked.json()).toMatchObject({ opened: false, revision: 2 });
    const reveal = await preview(s, reader, { env: 'acme/app/dev', reveal: ['db.password'] });
    expect(reveal.status).toBe(403);
    expect(reveal.body).not.toContain(SECRET);
    const hidden = await preview(s, outsider, { env: 'acme/app/dev' });
    const missing = await preview(s, outsider, { env: 'acme/app/nope' });
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect((hidden.json() as { message: string }).message).toBe(
      (missing.json() as { message: string }).message.replace('nope', 'dev'),
    );
  });

  it('reveals a secret object with its numbers exactly as written', async () => {
    const { s, opener } = await seeded();
    // A secret object: fn::fromJSON of a secret is secret all through, and keeps JSON's numbers
    // as their text (YAML's own numbers are yaml.v3's: 1.50 is the float 1.5).
    const billing =
      '{"big": 12345678901234567890, "price": 1.50, "tax": {"rate": 0.1000000000000000055}}';
    const written = await s.request('PATCH', `${X}/acme/app/dev`, {
      body: [
        'values:',
        '  billing:',
        '    fn::fromJSON:',
        `      fn::secret: '${billing}'`,
        '',
      ].join('\n'),
    });
    expect(written.status).toBe(200);

    const answer = await preview(s, opener, { env: 'acme/app/dev' });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('12345678901234567890');
    expect(answer.json()).toMatchObject({ secrets: ['billing'], revealed: {} });

    const revealed = await preview(s, opener, { env: 'acme/app/dev', reveal: ['billing'] });
    expect(revealed.status).toBe(200);
    // As `strata env open acme/app/dev billing --format json` prints it.
    const text = [
      '{',
      '  "big": 12345678901234567890,',
      '  "price": 1.50,',
      '  "tax": {',
      '    "rate": 0.1000000000000000055',
      '  }',
      '}',
    ].join('\n');
    for (const number of ['12345678901234567890,', '1.50,', '0.1000000000000000055\\n'])
      expect(revealed.body).toContain(number);
    expect(revealed.body).toContain(`"revealed":{"billing":${JSON.stringify(text)}}`);
    expect((revealed.json() as { revealed: unknown }).revealed).toEqual({ billing: text });
  });
});
