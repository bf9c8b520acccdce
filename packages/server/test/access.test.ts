import { describe, expect, it } from 'vitest';
import { testServer, type TestServer } from './_server.js';

// Who may do what through ESC's API: the org default, team grants (per environment and per
// project), the creator's admin and the org admins'; 404 without read, 403 naming the level
// needed; imports evaluated as the caller.

const X = '/api/esc/environments';
const SECRET = 'aws-secret-hunter2';

interface Seeded {
  readonly s: TestServer;
  readonly jane: string;
  readonly joe: string;
}

async function member(s: TestServer, login: string): Promise<string> {
  await s.accounts.createUser(login, login);
  await s.accounts.setMember('acme', login, 'member');
  return (await s.accounts.createToken({ login, name: `${login}'s laptop`, by: 'admin' })).token;
}

/** Seed 000's start: default none, teams identity (jane) and payments (joe), common/aws open to both. */
async function seeded(): Promise<Seeded> {
  const s = await testServer();
  const jane = await member(s, 'jane');
  const joe = await member(s, 'joe');
  await s.accounts.updateOrg('acme', (org) => ({ ...org, defaultEnvironmentPermission: 'none' }));
  for (const [team, login] of [
    ['identity', 'jane'],
    ['payments', 'joe'],
  ] as const) {
    await s.teams.create('acme', { name: team }, 'admin');
    await s.teams.update('acme', team, { kind: 'member', action: 'add', login });
    await s.teams.update('acme', team, {
      kind: 'grant',
      mode: 'add',
      grant: { project: 'common', env: 'aws', permission: 'open' },
    });
  }
  expect(
    (await s.request('POST', `${X}/acme`, { body: { project: 'common', name: 'aws' } })).status,
  ).toBe(204);
  const written = await s.request('PATCH', `${X}/acme/common/aws`, {
    body: `values:\n  region: us-east-1\n  key:\n    fn::secret: ${SECRET}\n`,
  });
  expect(written.status).toBe(200);
  return { s, jane, joe };
}

const message = (r: { json: () => unknown }) => (r.json() as { message: string }).message;

describe('permissions', () => {
  it('lets an opener read and open, and refuses writing with 403 naming the permission', async () => {
    const { s, jane } = await seeded();
    expect((await s.request('GET', `${X}/acme/common/aws`, { token: jane })).status).toBe(200);
    const decrypted = await s.request('GET', `${X}/acme/common/aws/decrypt`, { token: jane });
    expect(decrypted.body).toContain(SECRET);
    const opened = await s.request('POST', `${X}/acme/common/aws/open`, { token: jane });
    expect(opened.status).toBe(200);

    const write = await s.request('PATCH', `${X}/acme/common/aws`, {
      token: jane,
      body: 'values:\n  region: eu-west-1\n',
    });
    expect([write.status, message(write)]).toEqual([
      403,
      'permission denied: write on acme/common/aws needs the write permission (you have open)',
    ]);
    for (const [method, url, body] of [
      ['DELETE', `${X}/acme/common/aws`, undefined],
      ['PATCH', `${X}/acme/common/aws/settings`, { deletionProtected: false }],
      ['POST', `${X}/acme/common/aws/versions/tags`, { name: 'stable', revision: 2 }],
    ] as const) {
      const refused = await s.request(method, url, { token: jane, ...(body ? { body } : {}) });
      expect(refused.status).toBe(403);
      expect(message(refused)).toMatch(/needs the (admin|write) permission/);
    }
    // Nothing changed.
    const after = await s.request('GET', `${X}/acme/common/aws`);
    expect(after.headers['pulumi-esc-revision']).toBe('2');
  });

  it('answers 404 without read, exactly as for a missing environment, and lists only what is readable', async () => {
    const { s, jane, joe } = await seeded();
    expect(
      (
        await s.request('POST', `${X}/acme`, {
          token: jane,
          body: { project: 'identity', name: 'common' },
        })
      ).status,
    ).toBe(204);
    const hidden = await s.request('GET', `${X}/acme/identity/common`, { token: joe });
    const missing = await s.request('GET', `${X}/acme/identity/nothing`, { token: joe });
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(message(hidden).replace('common', 'X')).toBe(message(missing).replace('nothing', 'X'));
    for (const url of ['/decrypt', '/versions', '/versions/tags', '/tags', '/settings', '/open'])
      expect(
        (
          await s.request(url === '/open' ? 'POST' : 'GET', `${X}/acme/identity/common${url}`, {
            token: joe,
          })
        ).status,
      ).toBe(404);

    const names = async (token: string) =>
      (
        (await s.request('GET', `${X}/acme`, { token })).json() as {
          environments: { project: string; name: string }[];
        }
      ).environments.map((e) => `${e.project}/${e.name}`);
    expect(await names(joe)).toEqual(['common/aws']);
    expect(await names(jane)).toEqual(['common/aws', 'identity/common']);
    expect(await names(s.token)).toEqual(['common/aws', 'identity/common']);
  });

  it('gives the creator admin, a project grant to every environment of it, and the org default to members', async () => {
    const { s, jane, joe } = await seeded();
    await s.request('POST', `${X}/acme`, {
      token: jane,
      body: { project: 'identity', name: 'common' },
    });
    // The creator protects and deletes what they created.
    expect(
      (
        await s.request('PATCH', `${X}/acme/identity/common/settings`, {
          token: jane,
          body: { deletionProtected: false },
        })
      ).status,
    ).toBe(204);

    await s.teams.update('acme', 'payments', {
      kind: 'grant',
      mode: 'add',
      grant: { project: 'identity', env: '*', permission: 'read' },
    });
    expect((await s.request('GET', `${X}/acme/identity/common`, { token: joe })).status).toBe(200);
    expect((await s.request('POST', `${X}/acme/identity/common/open`, { token: joe })).status).toBe(
      403,
    );

    await s.accounts.updateOrg('acme', (org) => ({
      ...org,
      defaultEnvironmentPermission: 'write',
    }));
    const written = await s.request('PATCH', `${X}/acme/identity/common`, {
      token: joe,
      body: 'values:\n  a: 1\n',
    });
    expect(written.status).toBe(200);
    expect((await s.request('DELETE', `${X}/acme/identity/common`, { token: joe })).status).toBe(
      403,
    );
    expect((await s.request('DELETE', `${X}/acme/identity/common`, { token: jane })).status).toBe(
      204,
    );
  });
});

describe('imports are evaluated as the caller', () => {
  it('turns an import the caller may not open into a diagnostic at the import, and shows nothing of it', async () => {
    const { s, joe } = await seeded();
    // The admin's secret environment, and a payments environment that imports it in two ways.
    await s.request('POST', `${X}/acme`, { body: { project: 'identity', name: 'vault' } });
    await s.request('PATCH', `${X}/acme/identity/vault`, {
      body: `values:\n  password:\n    fn::secret: vault-${SECRET}\n  plain: vault-plain-value\n`,
    });
    await s.request('POST', `${X}/acme`, { body: { project: 'payments', name: 'app' } });
    const saved = await s.request('PATCH', `${X}/acme/payments/app`, {
      body: 'imports:\n  - identity/vault\nvalues:\n  copied: ${environments.identity.vault.plain}\n',
    });
    expect(saved.status).toBe(200);
    await s.teams.update('acme', 'payments', {
      kind: 'grant',
      mode: 'add',
      grant: { project: 'payments', env: '*', permission: 'open' },
    });

    const opened = await s.request('POST', `${X}/acme/payments/app/open`, { token: joe });
    expect(opened.status).toBe(400);
    expect(opened.body).not.toContain('vault-');
    const diagnostics = (opened.json() as { diagnostics: { summary: string; range?: unknown }[] })
      .diagnostics;
    expect(diagnostics.map((d) => d.summary)).toContain(
      'permission denied: you may not open acme/identity/vault (it needs the open permission)',
    );
    // The same words for an environment that does not exist: nothing tells them apart.
    const summaries = async (name: string) => {
      const checked = await s.request('POST', `${X}/acme/yaml/check`, {
        token: joe,
        body: `imports:\n  - identity/${name}\n`,
      });
      return (checked.json() as { diagnostics: { summary: string }[] }).diagnostics.map((d) =>
        d.summary.replace(name, 'X'),
      );
    };
    expect(await summaries('vault')).toEqual(await summaries('ghost'));
    expect(await summaries('ghost')).toEqual([
      'permission denied: you may not read acme/identity/X (it needs the read permission)',
    ]);

    // Writing an import of what the caller cannot read is refused, as a check would say.
    const own = await s.request('PATCH', `${X}/acme/payments/app`, {
      token: joe,
      body: 'values:\n  leak: ${environments.identity.vault.plain}\n',
    });
    expect(own.status).toBe(403);
    await s.teams.update('acme', 'payments', {
      kind: 'grant',
      mode: 'edit',
      grant: { project: 'payments', env: '*', permission: 'write' },
    });
    const refused = await s.request('PATCH', `${X}/acme/payments/app`, {
      token: joe,
      body: 'values:\n  leak: ${environments.identity.vault.plain}\n',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('permission denied: you may not read acme/identity/vault');
    expect(refused.body).not.toContain('vault-');

    const checked = await s.request('POST', `${X}/acme/yaml/check`, {
      token: joe,
      body: 'imports:\n  - identity/vault\n',
    });
    expect(checked.status).toBe(400);
    expect(checked.body).not.toContain('vault-');
    expect(checked.body).toContain('permission denied');
  });

  it('refuses a clone of what the caller may not open, and a session opened by someone else', async () => {
    const { s, jane, joe } = await seeded();
    await s.request('POST', `${X}/acme`, {
      token: jane,
      body: { project: 'identity', name: 'common' },
    });
    const clone = await s.request('POST', `${X}/acme/identity/common/clone`, {
      token: joe,
      body: { project: 'payments', name: 'copy' },
    });
    expect(clone.status).toBe(404);
    expect((await s.request('GET', `${X}/acme/payments/copy`)).status).toBe(404);

    const { id } = (
      await s.request('POST', `${X}/acme/common/aws/open`, { token: jane })
    ).json() as { id: string };
    expect(
      (await s.request('GET', `${X}/acme/common/aws/open/${id}`, { token: jane })).body,
    ).toContain(SECRET);
    const other = await s.request('GET', `${X}/acme/common/aws/open/${id}`, { token: joe });
    expect(other.status).toBe(404);
    expect(other.body).not.toContain(SECRET);
  });
});
