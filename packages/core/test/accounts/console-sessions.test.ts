import { describe, expect, it } from 'vitest';
import {
  Accounts,
  AuthenticationError,
  CONSOLE_SESSION_IDLE_MS,
  CONSOLE_SESSION_MAX_MS,
  CONSOLE_SESSION_RECHECK_MS,
  ConsoleSessions,
  createMemoryDocuments,
} from '@strata/core';

async function setup() {
  let time = Date.parse('2026-01-01T00:00:00Z');
  const now = () => new Date(time);
  const documents = createMemoryDocuments();
  const accounts = new Accounts(documents, { now });
  const { token } = await accounts.initialize({ admin: 'alice', org: 'acme' });
  const sessions = new ConsoleSessions(documents, accounts, { now });
  const principal = await accounts.authenticate(token);
  return {
    accounts,
    sessions,
    principal,
    documents,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('ConsoleSessions', () => {
  it('opens a session a secret authenticates, with its CSRF token', async () => {
    const { sessions, principal } = await setup();
    const { secret, csrf, session } = await sessions.create(principal);
    expect(secret).toMatch(/^strata_s_[A-Za-z0-9_-]{43}$/);
    expect(session).toEqual({
      login: 'alice',
      token: principal.token,
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: new Date(
        Date.parse('2026-01-01T00:00:00Z') + CONSOLE_SESSION_MAX_MS,
      ).toISOString(),
    });
    const again = await sessions.authenticate(secret);
    expect(again.principal.login).toBe('alice');
    expect(sessions.checkCsrf(secret, csrf)).toBe(true);
    expect(sessions.csrfOf(secret)).toBe(csrf);
    expect(sessions.checkCsrf(secret, `${csrf.slice(0, -1)}x`)).toBe(false);
    expect(sessions.checkCsrf(secret, '')).toBe(false);
    const other = await sessions.create(principal);
    expect(sessions.checkCsrf(other.secret, csrf)).toBe(false);
  });

  it('keeps only the hash of the secret in the store', async () => {
    const { sessions, principal, documents } = await setup();
    const { secret, csrf } = await sessions.create(principal);
    const page = await documents.listDocuments('console-sessions', { limit: 100 });
    const stored = JSON.stringify(page.items);
    expect(page.items).toHaveLength(1);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice('strata_s_'.length));
    expect(stored).not.toContain(csrf);
  });

  it('refuses unknown, malformed and revoked secrets alike', async () => {
    const { sessions, principal } = await setup();
    const { secret } = await sessions.create(principal);
    await expect(sessions.authenticate('nope')).rejects.toThrow(AuthenticationError);
    await expect(sessions.authenticate(`strata_s_${'A'.repeat(43)}`)).rejects.toThrow(
      'your console session has ended; sign in again',
    );
    await sessions.revoke(secret);
    await expect(sessions.authenticate(secret)).rejects.toThrow(AuthenticationError);
    await sessions.revoke(secret); // twice is fine
  });

  it('ends a session unused for an hour, however young', async () => {
    const { sessions, principal, advance } = await setup();
    const { secret } = await sessions.create(principal);
    advance(CONSOLE_SESSION_IDLE_MS - 1);
    await sessions.authenticate(secret);
    advance(CONSOLE_SESSION_IDLE_MS - 1);
    await sessions.authenticate(secret);
    advance(CONSOLE_SESSION_IDLE_MS);
    await expect(sessions.authenticate(secret)).rejects.toThrow(AuthenticationError);
  });

  it('ends a session twelve hours after sign-in, however busy', async () => {
    const { sessions, principal, advance } = await setup();
    const { secret } = await sessions.create(principal);
    for (let spent = 0; spent < CONSOLE_SESSION_MAX_MS - 30 * 60_000; spent += 30 * 60_000) {
      advance(30 * 60_000);
      await sessions.authenticate(secret);
    }
    advance(30 * 60_000);
    await expect(sessions.authenticate(secret)).rejects.toThrow(AuthenticationError);
  });

  it('ends with its token: at the token expiry, and within a minute of a revocation', async () => {
    const { sessions, accounts, advance } = await setup();
    const expiring = await accounts.createToken({
      login: 'alice',
      name: 'short',
      by: 'alice',
      expiresAt: new Date(Date.parse('2026-01-01T00:10:00Z')),
    });
    const short = await sessions.create(await accounts.authenticate(expiring.token));
    expect(short.session.expiresAt).toBe('2026-01-01T00:10:00.000Z');
    advance(10 * 60_000);
    await expect(sessions.authenticate(short.secret)).rejects.toThrow(AuthenticationError);

    const revoked = await accounts.createToken({ login: 'alice', name: 'laptop', by: 'alice' });
    const open = await sessions.create(await accounts.authenticate(revoked.token));
    await accounts.revokeToken('alice', revoked.info.id);
    advance(CONSOLE_SESSION_RECHECK_MS);
    await expect(sessions.authenticate(open.secret)).rejects.toThrow(AuthenticationError);
  });

  it('signs in with personal tokens only', async () => {
    const { sessions, principal } = await setup();
    await expect(
      sessions.create({ ...principal, token: { id: 'tok-elsewhere', name: 'ci' } }),
    ).rejects.toThrow('sign in to the console with a personal access token');
  });
});
