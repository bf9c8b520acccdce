import { describe, expect, it } from 'vitest';
import {
  Accounts,
  Authorizer,
  NotFoundError,
  PermissionDeniedError,
  StoreIoError,
  Teams,
  createMemoryDocuments,
  type DocumentStore,
  type EnvironmentKey,
  type Principal,
} from '../../src/index.js';

const env = (project: string, name: string): EnvironmentKey => ({ org: 'acme', project, name });

async function setup() {
  const documents = createMemoryDocuments();
  const accounts = new Accounts(documents);
  await accounts.initialize({ admin: 'alice', org: 'acme' });
  for (const login of ['jane', 'joe']) {
    await accounts.createUser(login, login);
    await accounts.setMember('acme', login, 'member');
  }
  await accounts.createUser('mallory', 'mallory'); // in no organization
  const teams = new Teams(documents, accounts);
  const creators = new Map<string, string>([['acme/identity/common', 'jane']]);
  const authorizer = new Authorizer({
    accounts,
    teams,
    creatorOf: (e) => Promise.resolve(creators.get(`${e.org}/${e.project}/${e.name}`)),
  });
  const user = (login: string): Principal => ({
    kind: 'user',
    login,
    name: login,
    token: { id: 'tok', name: 'laptop' },
  });
  return { accounts, teams, authorizer, user };
}

describe('Authorizer', () => {
  it('takes the highest of the default, every team grant, the creator and the org admin', async () => {
    const { accounts, teams, authorizer, user } = await setup();
    const permission = (login: string, e: EnvironmentKey) =>
      authorizer.for(user(login)).permission(e);
    // ESC's default for members is write.
    expect(await permission('joe', env('common', 'aws'))).toBe('write');
    await accounts.updateOrg('acme', (o) => ({ ...o, defaultEnvironmentPermission: 'none' }));
    expect(await permission('joe', env('common', 'aws'))).toBe('none');
    expect(await permission('alice', env('common', 'aws'))).toBe('admin');
    expect(await permission('jane', env('identity', 'common'))).toBe('admin');
    expect(await permission('mallory', env('common', 'aws'))).toBe('none');

    await teams.create('acme', { name: 'payments' }, 'alice');
    await teams.create('acme', { name: 'ops' }, 'alice');
    for (const team of ['payments', 'ops'])
      await teams.update('acme', team, { kind: 'member', action: 'add', login: 'joe' });
    const grant = (team: string, project: string, name: string, p: 'read' | 'open' | 'write') =>
      teams.update('acme', team, {
        kind: 'grant',
        mode: 'add',
        grant: { project, env: name, permission: p },
      });
    await grant('payments', 'common', 'aws', 'read');
    expect(await permission('joe', env('common', 'aws'))).toBe('read');
    await grant('ops', 'common', '*', 'open');
    expect(await permission('joe', env('common', 'aws'))).toBe('open');
    expect(await permission('joe', env('common', 'other'))).toBe('open');
    expect(await permission('joe', env('commonx', 'aws'))).toBe('none');
    await teams.delete('acme', 'ops');
    expect(await permission('joe', env('common', 'other'))).toBe('none');
    expect(await authorizer.for(user('joe')).explain(env('common', 'aws'))).toEqual([
      { permission: 'read', via: 'team payments (common/aws)' },
    ]);
  });

  it('answers not found without read and names the permission needed with read', async () => {
    const { accounts, teams, authorizer, user } = await setup();
    await accounts.updateOrg('acme', (o) => ({ ...o, defaultEnvironmentPermission: 'read' }));
    const joe = authorizer.for(user('joe'));
    const write = await joe.check('write', env('common', 'aws'));
    expect(write.allowed).toBe(false);
    if (!write.allowed) {
      expect(write.error).toBeInstanceOf(PermissionDeniedError);
      expect(write.error.message).toContain('needs the write permission (you have read)');
    }
    const mallory = await authorizer.for(user('mallory')).check('read', env('common', 'aws'));
    expect(mallory.allowed).toBe(false);
    if (!mallory.allowed) {
      expect(mallory.error).toBeInstanceOf(NotFoundError);
      expect(mallory.error.message).toBe('environment acme/common/aws not found');
    }
    // Team and organization tokens act in their own organization only.
    await teams.create('acme', { name: 'payments' }, 'alice');
    const teamToken: Principal = {
      kind: 'team',
      login: 'team:payments',
      name: 'payments',
      org: 'acme',
      team: 'payments',
      token: { id: 't', name: 'ci' },
    };
    expect(await authorizer.for(teamToken).permission(env('common', 'aws'))).toBe('read');
    expect(
      await authorizer.for({ ...teamToken, org: 'other' }).permission(env('common', 'aws')),
    ).toBe('none');
    const orgToken: Principal = {
      kind: 'organization',
      login: 'org:acme',
      name: 'acme',
      org: 'acme',
      role: 'admin',
      token: { id: 'o', name: 'automation' },
    };
    expect(await authorizer.for(orgToken).permission(env('common', 'aws'))).toBe('admin');
  });

  it('lets team admins manage their own team only, and grant only what they administer', async () => {
    const { teams, authorizer, user } = await setup();
    await teams.create('acme', { name: 'identity' }, 'alice');
    await teams.create('acme', { name: 'payments' }, 'alice');
    await teams.update('acme', 'identity', { kind: 'member', action: 'add', login: 'jane' });
    await teams.update('acme', 'identity', { kind: 'member', action: 'promote', login: 'jane' });
    const jane = authorizer.for(user('jane'));
    expect((await jane.checkTeam('acme', 'identity', 'x')).allowed).toBe(true);
    expect((await jane.checkTeam('acme', 'payments', 'x')).allowed).toBe(false);
    // Her own environment, yes; another's or a whole project, no.
    expect((await jane.checkGrant('acme', 'identity', 'identity', 'common')).allowed).toBe(true);
    expect((await jane.checkGrant('acme', 'identity', 'common', 'aws')).allowed).toBe(false);
    expect((await jane.checkGrant('acme', 'identity', 'identity', '*')).allowed).toBe(false);
    expect((await authorizer.for(user('joe')).checkTeam('acme', 'identity', 'x')).allowed).toBe(
      false,
    );
  });

  it('lets a store failure through instead of taking the organization for missing', async () => {
    const memory = createMemoryDocuments();
    const outage = new StoreIoError('cannot reach s3://strata-test: connect ETIMEDOUT');
    let down = false;
    const documents: DocumentStore = {
      ...memory,
      getDocument: (collection, id) =>
        down ? Promise.reject(outage) : memory.getDocument(collection, id),
    };
    const accounts = new Accounts(documents);
    await accounts.initialize({ admin: 'alice', org: 'acme' });
    const authorizer = new Authorizer({
      accounts,
      teams: new Teams(documents, accounts),
      creatorOf: () => Promise.resolve(undefined),
    });
    const alice: Principal = {
      kind: 'user',
      login: 'alice',
      name: 'alice',
      token: { id: 'tok', name: 'laptop' },
    };
    // Missing organizations, and names no organization can have, are still just missing.
    expect(await authorizer.orgAccess('nowhere')).toBeUndefined();
    expect(await authorizer.for(alice).orgExists('no such org')).toBe(false);

    down = true;
    await expect(authorizer.orgAccess('acme')).rejects.toBe(outage);
    await expect(authorizer.for(alice).check('read', env('common', 'aws'))).rejects.toBe(outage);
    await expect(authorizer.for(alice).checkOrg('acme', 'member', 'listing')).rejects.toBe(outage);
  });
});
