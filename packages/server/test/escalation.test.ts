import { describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './_server.js';

// The bad inputs and attacks on tokens and permissions: each refused with the right status
// and a reason, and in the audit log.

const X = '/api/esc/environments';
const T = '/api/orgs/acme/teams';

async function member(s: TestServer, login: string): Promise<string> {
  await s.accounts.createUser(login, login);
  await s.accounts.setMember('acme', login, 'member');
  return (await s.accounts.createToken({ login, name: `${login} laptop`, by: 'admin' })).token;
}

interface Event {
  action: string;
  outcome: string;
  user: { githubLogin: string };
  details: Record<string, string>;
}

async function refusals(s: TestServer): Promise<Event[]> {
  const r = await s.request('GET', '/api/orgs/acme/auditlogs/v2?pageSize=1000');
  return (r.json() as { auditLogEvents: Event[] }).auditLogEvents.filter(
    (e) => e.outcome === 'denied',
  );
}

describe('tokens that must not work', () => {
  it('refuses an expired token, another organization’s, and a team token once its team is gone, each audited', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const s = await testServer({ now: () => new Date(now) });
    await member(s, 'jane');
    const expiring = await s.accounts.createToken({
      login: 'jane',
      name: 'short',
      by: 'admin',
      expiresAt: new Date(now + 60_000),
    });
    await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } });
    await s.request('POST', `${T}/pulumi`, { body: { name: 'ci' } });
    await s.request('PATCH', `${T}/ci`, {
      body: {
        addEnvironmentPermission: { projectName: 'app', envName: 'dev', permission: 'open' },
      },
    });
    const team = (
      (await s.request('POST', `${T}/ci/tokens`, { body: { name: 'ci' } })).json() as {
        tokenValue: string;
      }
    ).tokenValue;
    expect((await s.request('POST', `${X}/acme/app/dev/open`, { token: team })).status).toBe(200);
    await s.accounts.createOrg('other', 'admin');
    const foreign = (
      (
        await s.request('POST', '/api/orgs/other/tokens', { body: { name: 'x', admin: true } })
      ).json() as {
        tokenValue: string;
      }
    ).tokenValue;

    now += 120_000;
    expect((await s.request('GET', `${X}/acme/app/dev`, { token: expiring.token })).status).toBe(
      401,
    );
    expect((await s.request('DELETE', `${T}/ci`)).status).toBe(204);
    const gone = await s.request('POST', `${X}/acme/app/dev/open`, { token: team });
    expect([gone.status, (gone.json() as { message: string }).message]).toEqual([
      401,
      'invalid or expired access token',
    ]);
    // Another organization's admin token is nobody in acme: the 404 of what does not exist.
    const elsewhere = await s.request('GET', `${X}/acme/app/dev`, { token: foreign });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toBe(
      (await s.request('GET', `${X}/acme/app/nope`, { token: foreign })).body.replaceAll(
        'nope',
        'dev',
      ),
    );

    const denied = await refusals(s);
    expect(denied.map((e) => [e.action, e.user.githubLogin, e.details['reason']])).toEqual([
      ['authenticate', 'jane', `token ${expiring.info.id} expired`],
      ['authenticate', 'team:ci', expect.stringMatching(/^token tok-[0-9a-f]+ is revoked$/)],
      ['read', 'org:other', 'read needs read; the caller holds none'],
      ['read', 'org:other', 'read needs read; the caller holds none'],
    ]);
  });
});

describe('escalation', () => {
  it('keeps a write user from granting access, changing settings or deleting', async () => {
    const s = await testServer();
    const jane = await member(s, 'jane');
    await s.request('PATCH', '/api/orgs/acme', {
      body: { setDefaultEnvironmentPermission: 'none' },
    });
    await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } });
    await s.request('POST', `${T}/pulumi`, { body: { name: 'devs' } });
    await s.request('PATCH', `${T}/devs`, { body: { memberAction: 'add', member: 'jane' } });
    await s.request('PATCH', `${T}/devs`, {
      body: {
        addEnvironmentPermission: { projectName: 'app', envName: 'dev', permission: 'write' },
      },
    });
    expect(
      (await s.request('PATCH', `${X}/acme/app/dev`, { token: jane, body: 'values:\n  a: 1\n' }))
        .status,
    ).toBe(200);
    const attempts = [
      [
        'PATCH',
        `${T}/devs`,
        { editEnvironmentPermission: { projectName: 'app', envName: 'dev', permission: 'admin' } },
      ],
      ['PATCH', `${X}/acme/app/dev/settings`, { deletionProtected: true }],
      ['DELETE', `${X}/acme/app/dev`, undefined],
      ['GET', '/api/strata/v1/access/acme/app/dev', undefined],
      ['POST', `${T}/devs/tokens`, { name: 'mine' }],
      ['PATCH', '/api/orgs/acme', { setDefaultEnvironmentPermission: 'admin' }],
    ] as const;
    for (const [method, url, body] of attempts) {
      const r = await s.request(method, url, { token: jane, ...(body ? { body } : {}) });
      expect(r.status, `${method} ${url}`).toBe(403);
      expect((r.json() as { message: string }).message).toMatch(
        /^permission denied: .*(admin permission|admin role)/,
      );
    }
    // Nothing changed, and every attempt is on record.
    expect((await s.request('GET', `${X}/acme/app/dev/settings`)).json()).toEqual({
      deletionProtected: false,
    });
    expect((await s.request('GET', `${T}/devs`)).json()).toMatchObject({
      environments: [{ permission: 'write' }],
    });
    expect((await refusals(s)).map((e) => e.action)).toEqual([
      'grant',
      'settings',
      'delete',
      'read-access',
      'token-create',
      'org-update',
    ]);
  });
});
