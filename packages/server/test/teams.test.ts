import { describe, expect, it } from 'vitest';
import { isWellFormedAccessToken } from '@strata/core';
import { testServer, type TestServer } from './_server.js';

// Teams, grants and the org default through ESC's API shapes; team and organization tokens; who
// may change what (team admins within their team and what they administer).

const X = '/api/esc/environments';
const T = '/api/orgs/acme/teams';

async function member(s: TestServer, login: string): Promise<string> {
  await s.accounts.createUser(login, login);
  await s.accounts.setMember('acme', login, 'member');
  return (await s.accounts.createToken({ login, name: 'laptop', by: 'admin' })).token;
}

const message = (r: { json: () => unknown }) => (r.json() as { message: string }).message;

async function setup() {
  const s = await testServer();
  const jane = await member(s, 'jane');
  const joe = await member(s, 'joe');
  expect(
    (
      await s.request('PATCH', '/api/orgs/acme', {
        body: { setDefaultEnvironmentPermission: 'none' },
      })
    ).json(),
  ).toEqual({ name: 'acme', defaultEnvironmentPermission: 'none' });
  for (const team of ['identity', 'payments']) {
    const created = await s.request('POST', `${T}/pulumi`, {
      body: { name: team, displayName: team, description: `the ${team} team` },
    });
    expect(created.status).toBe(201);
  }
  await s.request('PATCH', `${T}/identity`, { body: { memberAction: 'add', member: 'jane' } });
  await s.request('PATCH', `${T}/payments`, { body: { memberAction: 'add', member: 'joe' } });
  await s.request('POST', `${X}/acme`, { body: { project: 'common', name: 'aws' } });
  await s.request('PATCH', `${X}/acme/common/aws`, { body: 'values:\n  region: us-east-1\n' });
  for (const team of ['identity', 'payments']) {
    const granted = await s.request('PATCH', `${T}/${team}`, {
      body: {
        addEnvironmentPermission: { projectName: 'common', envName: 'aws', permission: 'open' },
      },
    });
    expect(granted.status).toBe(204);
  }
  return { s, jane, joe };
}

describe('teams and grants', () => {
  it('creates, lists, changes and deletes teams with ESC shapes', async () => {
    const { s } = await setup();
    const team = await s.request('GET', `${T}/identity`);
    expect(team.json()).toEqual({
      kind: 'pulumi',
      name: 'identity',
      displayName: 'identity',
      description: 'the identity team',
      members: [{ name: 'jane', githubLogin: 'jane', avatarUrl: '', role: 'member' }],
      stacks: [],
      environments: [{ projectName: 'common', envName: 'aws', permission: 'open' }],
      accounts: [],
      userRole: 'none',
    });
    const list = (await s.request('GET', T)).json() as { teams: { name: string }[] };
    expect(list.teams.map((t) => t.name)).toEqual(['identity', 'payments']);
    expect((await s.request('POST', `${T}/pulumi`, { body: { name: 'identity' } })).status).toBe(
      409,
    );
    const two = await s.request('PATCH', `${T}/identity`, {
      body: { memberAction: 'add', member: 'joe', newDisplayName: 'x' },
    });
    expect([two.status, message(two)]).toEqual([
      400,
      'send exactly one change of the team per request',
    ]);
    const none = await s.request('PATCH', `${T}/identity`, {
      body: { addEnvironmentPermission: { projectName: 'a', envName: 'b', permission: 'none' } },
    });
    expect(none.status).toBe(400);
    const edited = await s.request('PATCH', `${T}/identity`, {
      body: {
        editEnvironmentPermission: { projectName: 'common', envName: 'aws', permission: 'read' },
      },
    });
    expect(edited.status).toBe(204);
    await s.request('PATCH', `${T}/identity`, {
      body: { removeEnvironment: { projectName: 'common', envName: 'aws' } },
    });
    expect((await s.request('GET', `${T}/identity`)).json()).toMatchObject({ environments: [] });
    expect((await s.request('DELETE', `${T}/identity`)).status).toBe(204);
    expect((await s.request('GET', `${T}/identity`)).status).toBe(404);
  });

  it('lets members change nothing, and team admins only their team and what they administer', async () => {
    const { s, jane, joe } = await setup();
    for (const [method, url, body] of [
      ['POST', `${T}/pulumi`, { name: 'rogue' }],
      ['PATCH', `${T}/identity`, { memberAction: 'add', member: 'joe' }],
      ['PATCH', '/api/orgs/acme', { setDefaultEnvironmentPermission: 'admin' }],
      ['DELETE', `${T}/payments`, undefined],
    ] as const) {
      const refused = await s.request(method, url, { token: jane, ...(body ? { body } : {}) });
      expect(refused.status, `${method} ${url}`).toBe(403);
    }
    // A member reads the teams, but not grants on environments they cannot read.
    await s.request('POST', `${X}/acme`, { body: { project: 'payments', name: 'ledger' } });
    await s.request('PATCH', `${T}/payments`, {
      body: {
        addEnvironmentPermission: {
          projectName: 'payments',
          envName: 'ledger',
          permission: 'write',
        },
      },
    });
    const seen = (await s.request('GET', `${T}/payments`, { token: jane })).json() as {
      environments: { envName: string }[];
    };
    expect(seen.environments.map((e) => e.envName)).toEqual(['aws']);

    await s.request('PATCH', `${T}/identity`, {
      body: { memberAction: 'promote', member: 'jane' },
    });
    expect(
      (
        await s.request('PATCH', `${T}/identity`, {
          token: jane,
          body: { memberAction: 'add', member: 'joe' },
        })
      ).status,
    ).toBe(204);
    // Her own environment she grants; common/aws (open only) and a whole project she does not.
    await s.request('POST', `${X}/acme`, {
      token: jane,
      body: { project: 'identity', name: 'common' },
    });
    const grant = (team: string, projectName: string, envName: string, permission: string) =>
      s.request('PATCH', `${T}/${team}`, {
        token: jane,
        body: { addEnvironmentPermission: { projectName, envName, permission } },
      });
    expect((await grant('identity', 'identity', 'common', 'write')).status).toBe(204);
    const beyond = await grant('identity', 'common', 'aws', 'admin');
    expect([beyond.status, message(beyond)]).toEqual([
      403,
      'permission denied: granting access on acme/common/aws needs the admin permission (you have open)',
    ]);
    expect((await grant('identity', 'identity', '*', 'read')).status).toBe(403);
    expect((await grant('payments', 'identity', 'common', 'read')).status).toBe(403);
    // A grant on what she cannot read at all is the 404 of a missing environment.
    expect((await grant('identity', 'payments', 'ledger', 'read')).status).toBe(404);
    // joe, now in identity, writes identity/common.
    expect(
      (
        await s.request('PATCH', `${X}/acme/identity/common`, {
          token: joe,
          body: 'values:\n  a: 1\n',
        })
      ).status,
    ).toBe(200);
  });

  it('says who holds what on an environment and why, to its admins only', async () => {
    const { s, jane } = await setup();
    const access = await s.request('GET', '/api/strata/v1/access/acme/common/aws');
    expect(access.json()).toEqual({
      access: [
        { subject: 'user', name: 'admin', permission: 'admin', via: 'organization admin' },
        { subject: 'user', name: 'admin', permission: 'admin', via: 'creator' },
        {
          subject: 'team',
          name: 'identity',
          permission: 'open',
          via: 'grant on common/aws',
          members: ['jane'],
        },
        {
          subject: 'team',
          name: 'payments',
          permission: 'open',
          via: 'grant on common/aws',
          members: ['joe'],
        },
      ],
    });
    expect(
      (await s.request('GET', '/api/strata/v1/access/acme/common/aws', { token: jane })).status,
    ).toBe(403);
    expect((await s.request('GET', '/api/strata/v1/access/acme/common/nope')).status).toBe(404);
  });
});

describe('team and organization tokens', () => {
  it('acts with the team grants, is refused once the team is deleted, and shows who it is', async () => {
    const { s } = await setup();
    await s.request('POST', `${X}/acme`, { body: { project: 'identity', name: 'common' } });
    const created = await s.request('POST', `${T}/payments/tokens`, {
      body: { name: 'payments-ci', description: 'CI', expires: 0 },
    });
    const { id, tokenValue } = created.json() as { id: string; tokenValue: string };
    expect(tokenValue).toMatch(/^strata_t_/);
    expect(isWellFormedAccessToken(tokenValue)).toBe(true);
    const user = (await s.request('GET', '/api/user', { token: tokenValue })).json();
    expect(user).toMatchObject({
      githubLogin: 'team:payments',
      organizations: [{ githubLogin: 'acme', role: 'member' }],
      tokenInfo: { name: 'payments-ci', organization: null, team: 'payments' },
    });
    expect(
      (await s.request('POST', `${X}/acme/common/aws/open`, { token: tokenValue })).status,
    ).toBe(200);
    expect(
      (await s.request('GET', `${X}/acme/identity/common`, { token: tokenValue })).status,
    ).toBe(404);
    const listed = await s.request('GET', `${T}/payments/tokens`);
    expect(listed.body).not.toContain(tokenValue);
    expect(listed.json()).toMatchObject({
      tokens: [{ id, name: 'payments-ci', type: 'team', description: 'CI' }],
    });
    // Names are never reused in an organization.
    expect(
      (await s.request('POST', '/api/orgs/acme/tokens', { body: { name: 'payments-ci' } })).status,
    ).toBe(409);

    expect((await s.request('DELETE', `${T}/payments`)).status).toBe(204);
    expect((await s.request('GET', '/api/user', { token: tokenValue })).status).toBe(401);
    // A new team of the same name gets none of the old one's grants or tokens.
    await s.request('POST', `${T}/pulumi`, { body: { name: 'payments' } });
    expect((await s.request('GET', `${T}/payments`)).json()).toMatchObject({
      environments: [],
      members: [],
    });
    expect((await s.request('GET', '/api/user', { token: tokenValue })).status).toBe(401);
  });

  it('gives an organization token its role, in its organization only', async () => {
    const { s } = await setup();
    const make = async (admin: boolean) =>
      (
        (
          await s.request('POST', '/api/orgs/acme/tokens', {
            body: { name: `auto-${admin}`, admin },
          })
        ).json() as {
          tokenValue: string;
        }
      ).tokenValue;
    const member = await make(false);
    const admin = await make(true);
    expect(member).toMatch(/^strata_o_/);
    // The default is none: a member token sees nothing; an admin token everything.
    expect((await s.request('GET', `${X}/acme/common/aws`, { token: member })).status).toBe(404);
    expect((await s.request('GET', `${X}/acme/common/aws`, { token: admin })).status).toBe(200);
    expect(
      (await s.request('POST', `${T}/pulumi`, { token: admin, body: { name: 'ops' } })).status,
    ).toBe(201);
    expect(
      (await s.request('POST', `${T}/pulumi`, { token: member, body: { name: 'ops2' } })).status,
    ).toBe(403);
    // Another organization's token is nobody here.
    await s.accounts.createOrg('other', 'admin');
    const other = (
      (
        await s.request('POST', '/api/orgs/other/tokens', { body: { name: 'x', admin: true } })
      ).json() as {
        tokenValue: string;
      }
    ).tokenValue;
    expect((await s.request('GET', `${X}/acme/common/aws`, { token: other })).status).toBe(404);
    expect((await s.request('GET', `${X}/acme`, { token: other })).status).toBe(404);
    const listed = (await s.request('GET', '/api/orgs/acme/tokens')).json() as {
      tokens: { admin: boolean }[];
    };
    // Oldest first; two made in the same millisecond may come either way.
    expect(listed.tokens.map((t) => t.admin).sort()).toEqual([false, true]);
    expect(
      (
        await s.request('POST', '/api/orgs/acme/tokens', {
          body: { name: 'long', expires: Math.floor(Date.now() / 1000) + 3 * 366 * 86400 },
        })
      ).status,
    ).toBe(400);
  });
});
