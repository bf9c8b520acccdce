import { describe, expect, it } from 'vitest';
import { isWellFormedAccessToken } from '@strata/core';
import { testServer } from './_server.js';

describe('access tokens and users', () => {
  it('creates a token shown once, lists it without its value, and revokes it', async () => {
    const s = await testServer();
    const created = await s.request('POST', '/api/user/tokens', {
      body: { name: 'ci', expires: Math.floor(Date.now() / 1000) + 3600 },
    });
    const { id, tokenValue } = created.json() as { id: string; tokenValue: string };
    expect(isWellFormedAccessToken(tokenValue)).toBe(true);
    expect((await s.request('GET', '/api/user', { token: tokenValue })).status).toBe(200);
    const list = await s.request('GET', '/api/user/tokens');
    expect(list.body).not.toContain(tokenValue);
    expect((list.json() as { tokens: { id: string; name: string }[] }).tokens).toMatchObject([
      { name: 'initial admin token' },
      { id, name: 'ci', type: 'personal' },
    ]);
    expect((await s.request('DELETE', `/api/user/tokens/${id}`)).status).toBe(204);
    expect((await s.request('GET', '/api/user', { token: tokenValue })).status).toBe(401);
    expect((await s.request('DELETE', `/api/user/tokens/${id}`)).status).toBe(404);
  });

  it('refuses an expired token', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const s = await testServer({ now: () => new Date(now) });
    const { token } = await s.accounts.createToken({
      login: 'admin',
      name: 'short',
      by: 'admin',
      expiresAt: new Date(now + 60_000),
    });
    // The accounts of the test and of the server read the same documents; only the server's
    // clock moves.
    now += 120_000;
    expect((await s.request('GET', '/api/user', { token })).status).toBe(401);
  });

  it('lets an org admin add users, each with a first token, and nobody else', async () => {
    const s = await testServer();
    const added = await s.request('POST', '/api/strata/v1/orgs/acme/users', {
      body: { login: 'jane', name: 'Jane', role: 'member' },
    });
    const token = (added.json() as { token: { value: string } }).token.value;
    const jane = await s.request('GET', '/api/user', { token });
    expect(jane.json()).toMatchObject({
      githubLogin: 'jane',
      organizations: [{ githubLogin: 'acme' }],
    });
    const refused = await s.request('POST', '/api/strata/v1/orgs/acme/users', {
      body: { login: 'joe' },
      token,
    });
    expect([refused.status, (refused.json() as { message: string }).message]).toEqual([
      403,
      'permission denied: adding users needs the admin role in organization acme',
    ]);
    const users = await s.request('GET', '/api/strata/v1/orgs/acme/users', { token });
    expect(users.json()).toEqual({
      users: [
        { login: 'admin', name: 'admin', role: 'admin' },
        { login: 'jane', name: 'Jane', role: 'member' },
      ],
    });
  });
});
