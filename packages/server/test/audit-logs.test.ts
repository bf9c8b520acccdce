import { describe, expect, it } from 'vitest';
import { createMemoryStore, StoreIoError, type Store } from '@strata/core';
import { testServer, type TestServer } from './_server.js';

// The audit trail through ESC's API: every access and refusal with its actor, token, address,
// environment, revision and outcome; only org admins read it; exports; and a request whose event
// cannot be stored fails.

const X = '/api/esc/environments';

interface EscEvent {
  event: string;
  description: string;
  sourceIP: string;
  user: { githubLogin: string };
  tokenName?: string;
  authFailure?: boolean;
  environment?: string;
  revision?: number;
  outcome: string;
  action: string;
  details: Record<string, string>;
}

async function member(s: TestServer, login: string): Promise<string> {
  await s.accounts.createUser(login, login);
  await s.accounts.setMember('acme', login, 'member');
  return (await s.accounts.createToken({ login, name: `${login} laptop`, by: 'admin' })).token;
}

async function events(s: TestServer, query = ''): Promise<EscEvent[]> {
  const r = await s.request('GET', `/api/orgs/acme/auditlogs/v2${query}`);
  expect(r.status).toBe(200);
  return (r.json() as { auditLogEvents: EscEvent[] }).auditLogEvents;
}

describe('the audit log', () => {
  it('records accesses and refusals with who, which token, from where, and the outcome', async () => {
    const s = await testServer();
    const jane = await member(s, 'jane');
    await s.request('PATCH', '/api/orgs/acme', {
      body: { setDefaultEnvironmentPermission: 'read' },
    });
    await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } });
    await s.request('PATCH', `${X}/acme/app/dev`, {
      body: 'values:\n  k:\n    fn::secret: s3cret\n',
    });
    const { id } = (await s.request('POST', `${X}/acme/app/dev/open`)).json() as { id: string };
    await s.request('GET', `${X}/acme/app/dev/open/${id}`);
    await s.request('GET', `${X}/acme/app/dev/decrypt`);
    expect((await s.request('POST', `${X}/acme/app/dev/open`, { token: jane })).status).toBe(403);
    expect(
      (await s.request('PATCH', `${X}/acme/app/dev`, { token: jane, body: 'values: {}\n' })).status,
    ).toBe(403);
    await s.request('POST', '/api/orgs/acme/teams/pulumi', { body: { name: 'ops' } });

    const log = await events(s);
    expect(log.map((e) => [e.event, e.user.githubLogin, e.outcome])).toEqual([
      ['organization-settings-changed', 'admin', 'allowed'],
      ['environment-created', 'admin', 'allowed'],
      ['environment-updated', 'admin', 'allowed'],
      ['environment-open', 'admin', 'allowed'],
      ['environment-read', 'admin', 'allowed'],
      ['environment-decrypted', 'admin', 'allowed'],
      ['environment-unauthorized-open', 'jane', 'denied'],
      ['environment-unauthorized-write', 'jane', 'denied'],
      ['team-created', 'admin', 'allowed'],
    ]);
    const open = log[3]!;
    expect(open).toMatchObject({
      tokenName: 'initial admin token',
      sourceIP: '127.0.0.1',
      environment: 'acme/app/dev',
      revision: 2,
    });
    expect(log[6]).toMatchObject({ authFailure: true, tokenName: 'jane laptop' });
    expect(log[6]!.details['reason']).toBe('open needs open; the caller holds read');
    expect(JSON.stringify(log)).not.toContain('s3cret');
    // Filters: ESC's event names or Strata's actions, and the actor.
    expect((await events(s, '?eventFilter=environment-open')).length).toBe(1);
    expect((await events(s, '?userFilter=jane')).map((e) => e.action)).toEqual(['open', 'write']);
  });

  it('fills a filtered page with matching events and continues after its last one', async () => {
    const s = await testServer();
    await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } });
    for (let i = 0; i < 6; i++) {
      for (const value of ['a', 'b'])
        await s.request('PATCH', `${X}/acme/app/dev`, { body: `values:\n  k: ${value}${i}\n` });
      expect((await s.request('POST', `${X}/acme/app/dev/open`)).status).toBe(200);
    }
    const url = '/api/orgs/acme/auditlogs/v2?eventFilter=environment-open&pageSize=4';
    const first = (await s.request('GET', url)).json() as {
      auditLogEvents: EscEvent[];
      continuationToken?: string;
    };
    expect(first.auditLogEvents.map((e) => e.event)).toEqual(Array(4).fill('environment-open'));
    expect(first.continuationToken).toBeDefined();
    const second = (
      await s.request(
        'GET',
        `${url}&continuationToken=${encodeURIComponent(first.continuationToken!)}`,
      )
    ).json() as { auditLogEvents: EscEvent[]; continuationToken?: string };
    expect(second.auditLogEvents.map((e) => e.event)).toEqual(Array(2).fill('environment-open'));
    expect(second.continuationToken).toBeUndefined();
    // The same six opens as one unfiltered listing holds, in its order.
    const all = await events(s, '?pageSize=1000');
    expect([...first.auditLogEvents, ...second.auditLogEvents]).toEqual(
      all.filter((e) => e.event === 'environment-open'),
    );
  });

  it('is for org admins only, and exports as CSV and JSON lines', async () => {
    const s = await testServer();
    const jane = await member(s, 'jane');
    await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } });
    expect((await s.request('GET', '/api/orgs/acme/auditlogs/v2', { token: jane })).status).toBe(
      403,
    );
    expect((await s.request('GET', '/api/orgs/nope/auditlogs/v2')).status).toBe(404);
    const csv = await s.request('GET', '/api/orgs/acme/auditlogs/v2/export?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.trim().split('\n');
    expect(rows[0]).toBe(
      'Timestamp,Name,Login,Event,Description,SourceIP,RequireOrgAdmin,RequireStackAdmin,AuthenticationFailure,Environment,Revision,Outcome,TokenName',
    );
    // jane's refused read of the log is in it too.
    expect(rows.slice(1).map((r) => r.split(',')[3])).toEqual([
      '"environment-created"',
      '"unauthorized-read-audit"',
    ]);
    const jsonl = await s.request('GET', '/api/orgs/acme/auditlogs/export?format=jsonl');
    const lines = jsonl.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EscEvent);
    expect(lines.map((l) => l.action)).toEqual(['create', 'read-audit']);
    expect((await s.request('GET', '/api/orgs/acme/auditlogs/export?format=xml')).status).toBe(400);
  });

  it('records refused tokens under the organization they reach for, with the reason', async () => {
    const s = await testServer();
    const jane = await member(s, 'jane');
    const [info] = await s.accounts.listTokens('jane');
    await s.accounts.revokeToken('jane', info!.id);
    const wrong = 'strata_p_0000000000000000000000000000000000AAAAAA';
    expect((await s.request('GET', `${X}/acme`, { token: wrong })).status).toBe(401);
    expect((await s.request('GET', `${X}/acme`, { token: jane })).status).toBe(401);
    expect((await s.request('GET', '/api/user', { token: jane })).status).toBe(401);
    const log = await events(s, '?eventFilter=auth-failure');
    expect(log.map((e) => [e.user.githubLogin, e.details['reason']])).toEqual([
      ['anonymous', 'malformed token'],
      ['jane', `token ${info!.id} is revoked`],
      ['jane', `token ${info!.id} is revoked`],
    ]);
    expect(JSON.stringify(log)).not.toContain(jane);
  });

  it('fails a request whose event cannot be stored, and answers nothing of it', async () => {
    const store = createMemoryStore();
    let failing = false;
    const flaky: Store = {
      ...store,
      appendAudit: (event) =>
        failing ? Promise.reject(new StoreIoError('disk full')) : store.appendAudit(event),
      appendRevision: (...args) => store.appendRevision(...args),
    };
    const s = await testServer({ store: flaky });
    await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } });
    await s.request('PATCH', `${X}/acme/app/dev`, {
      body: 'values:\n  k:\n    fn::secret: s3cret\n',
    });
    failing = true;
    const opened = await s.request('POST', `${X}/acme/app/dev/open`);
    expect(opened.status).toBe(503);
    expect(opened.body).not.toContain('s3cret');
    const decrypted = await s.request('GET', `${X}/acme/app/dev/decrypt`);
    expect(decrypted.status).toBe(503);
    expect(decrypted.body).not.toContain('s3cret');
  });

  it('verifies its hash chains', async () => {
    const s = await testServer();
    await s.request('POST', `${X}/acme`, { body: { project: 'app', name: 'dev' } });
    await s.request('POST', `${X}/acme/app/dev/open`);
    const verified = await s.request('GET', '/api/orgs/acme/auditlogs/verify');
    expect(verified.json()).toMatchObject({ ok: true, events: 2, chains: 1, problems: [] });
  });
});
