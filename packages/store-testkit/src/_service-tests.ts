import { describe, expect } from 'vitest';
import type { AuditEvent, EnvironmentsService } from '@strata/core';
import {
  AlreadyExistsError,
  CHAIN_DETAILS,
  DeletionProtectedError,
  InvalidArgumentError,
  NotFoundError,
  RevisionRetractedError,
  StoreConflictError,
} from '@strata/core';
import type { ContractContext } from './_context.js';
import { collectPages } from './_context.js';

const who = { actor: 'alice' };

async function seed(service: EnvironmentsService, ref: string, revisions: number): Promise<void> {
  await service.createEnvironment(ref, { ...who, definition: 'values:\n  n: 1\n' });
  for (let n = 2; n <= revisions; n++) {
    await service.updateDefinition(ref, `values:\n  n: ${n}\n`, { ...who, basedOn: n - 1 });
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The environments service's rules, run over the store under test. */
export function registerServiceTests({ test, serviceFor }: ContractContext): void {
  describe('service: revisions', () => {
    test('create writes revision 1; each write adds one revision', async (store) => {
      const service = serviceFor(store);
      const first = await service.createEnvironment('app/dev', {
        actor: 'alice',
        definition: 'values: {a: 1}\n',
      });
      expect(first).toEqual({
        number: 1,
        author: 'alice',
        createdAt: expect.any(String) as unknown,
        copiedFrom: null,
        diagnostics: [],
      });
      const second = await service.updateDefinition('app/dev', 'values: {a: 2}\n', {
        actor: 'bob',
        basedOn: 1,
      });
      expect(second.number).toBe(2);
      expect(second.author).toBe('bob');
      expect((await service.readDefinition('acme/app/dev@1')).definition).toBe('values: {a: 1}\n');
      expect((await service.readDefinition('app/dev')).definition).toBe('values: {a: 2}\n');
      expect((await service.getEnvironment('app/dev')).latest).toBe(2);
    });

    test('an empty environment has an empty revision 1', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('dev', who);
      const read = await service.readDefinition('acme/default/dev@latest');
      expect(read.definition).toBe('');
      expect(read.revision.number).toBe(1);
    });

    test('creating an existing environment fails', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/dev', who);
      await expect(service.createEnvironment('acme/app/dev', who)).rejects.toBeInstanceOf(
        AlreadyExistsError,
      );
    });

    test('a write based on an old revision fails, names both revisions and stores nothing', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 3);
      const error = await rejection(
        service.updateDefinition('app/dev', 'values: {lost: true}\n', { ...who, basedOn: 2 }),
      );
      expect(error).toBeInstanceOf(StoreConflictError);
      expect(error).toMatchObject({ code: 'STORE_CONFLICT', basedOn: 2, latest: 3 });
      expect((error as Error).message).toBe(
        'conflict writing acme/app/dev: based on revision 2, but the latest is revision 3',
      );
      expect((await service.getEnvironment('app/dev')).latest).toBe(3);
      expect((await service.readDefinition('app/dev')).definition).toBe('values:\n  n: 3\n');
    });

    test('concurrent writers based on one revision: exactly one wins, the rest conflict', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 1);
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          service.updateDefinition('app/dev', `values: {writer: ${i}}\n`, {
            actor: `w${i}`,
            basedOn: 1,
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected')
          expect(r.reason).toMatchObject({ code: 'STORE_CONFLICT', basedOn: 1, latest: 2 });
      }
      expect((await service.getEnvironment('app/dev')).latest).toBe(2);
    });

    test('concurrent writers that retry on conflict: every accepted write is its own gapless revision', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 1);
      const accepted: number[] = [];
      let conflicts = 0;
      const worker = async (w: number): Promise<void> => {
        for (let i = 0; i < 6; i++) {
          for (;;) {
            const latest = (await service.getEnvironment('app/dev')).latest;
            try {
              accepted.push(
                (
                  await service.updateDefinition('app/dev', `values: {w: ${w}, i: ${i}}\n`, {
                    actor: `w${w}`,
                    basedOn: latest,
                  })
                ).number,
              );
              break;
            } catch (error) {
              if (!(error instanceof StoreConflictError)) throw error;
              conflicts++;
            }
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(worker));
      expect(accepted.sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 2));
      const revisions = await collectPages((after) =>
        service.listRevisions('app/dev', { limit: 7, ...(after === undefined ? {} : { after }) }),
      );
      expect(revisions.items.map((r) => r.number)).toEqual(
        Array.from({ length: 25 }, (_, i) => i + 1),
      );
      const definitions = new Set<string>();
      for (let n = 2; n <= 25; n++)
        definitions.add((await service.readDefinition(`app/dev@${n}`)).definition);
      expect(definitions.size).toBe(24);
      expect(conflicts).toBeGreaterThanOrEqual(0);
    });

    test('rollback writes a new revision copying an old definition', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 3);
      const rolled = await service.rollback('app/dev', 1, { actor: 'bob', basedOn: 3 });
      expect(rolled).toMatchObject({ number: 4, author: 'bob', copiedFrom: 1 });
      expect((await service.readDefinition('app/dev')).definition).toBe('values:\n  n: 1\n');
      expect((await service.readDefinition('app/dev@3')).definition).toBe('values:\n  n: 3\n');
      await expect(service.rollback('app/dev', 2, { ...who, basedOn: 3 })).rejects.toMatchObject({
        basedOn: 3,
        latest: 4,
      });
      await expect(service.rollback('app/dev', 9, { ...who, basedOn: 4 })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    test('missing environments, revisions and tags are NotFoundError', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 2);
      for (const ref of ['app/nope', 'app/dev@3', 'app/dev@stable', 'other/app/dev']) {
        await expect(service.readDefinition(ref)).rejects.toBeInstanceOf(NotFoundError);
      }
      await expect(
        service.updateDefinition('app/nope', '', { ...who, basedOn: 1 }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('service: refs', () => {
    test('refs name environments by project/env, org/project/env and env, with @N, @tag, @latest', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'acme/app/dev', 3);
      await seed(service, 'acme/default/solo', 1);
      await seed(service, 'other/app/dev', 2);
      await service.tagRevision('app/dev', 'stable', 2, who);
      const cases: [string, string, number][] = [
        ['app/dev', 'acme/app/dev', 3],
        ['acme/app/dev', 'acme/app/dev', 3],
        ['app/dev@1', 'acme/app/dev', 1],
        ['app/dev@stable', 'acme/app/dev', 2],
        ['app/dev@latest', 'acme/app/dev', 3],
        ['app/dev:stable', 'acme/app/dev', 2],
        ['solo', 'acme/default/solo', 1],
        ['other/app/dev', 'other/app/dev', 2],
      ];
      for (const [ref, name, revision] of cases) {
        const resolved = await service.resolve(ref);
        expect([
          `${resolved.env.org}/${resolved.env.project}/${resolved.env.name}`,
          resolved.revision,
        ]).toEqual([name, revision]);
      }
    });

    test('malformed refs and names are InvalidArgumentError', async (store) => {
      const service = serviceFor(store);
      for (const ref of [
        '',
        'a/b/c/d',
        'app/dev@',
        'app/dev@0',
        'app/dev@1x',
        'app/d ev',
        'app/dev@-x',
        '../x',
      ]) {
        await expect(service.resolve(ref)).rejects.toBeInstanceOf(InvalidArgumentError);
      }
      await expect(
        service.updateDefinition('app/dev@2', '', { ...who, basedOn: 1 }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });

  describe('service: tags', () => {
    test('tags move with their history: who, when, from and to', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 3);
      await service.tagRevision('app/dev', 'stable', 1, { actor: 'alice' });
      const moved = await service.tagRevision('app/dev', 'stable', 3, { actor: 'bob' });
      expect(moved.revision).toBe(3);
      expect(moved.history.map(({ from, to, by }) => ({ from, to, by }))).toEqual([
        { from: null, to: 1, by: 'alice' },
        { from: 1, to: 3, by: 'bob' },
      ]);
      expect(moved.history[0]!.at < moved.history[1]!.at).toBe(true);
      expect(await service.getTag('app/dev', 'stable')).toEqual(moved);
      expect((await service.readDefinition('app/dev@stable')).revision.number).toBe(3);
      // Re-tagging the same revision changes nothing.
      expect((await service.tagRevision('app/dev', 'stable', 3, who)).history).toHaveLength(2);
    });

    test('a tag move that expects another position conflicts', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 3);
      await service.tagRevision('app/dev', 'prod', 2, who);
      await expect(
        service.tagRevision('app/dev', 'prod', 3, { ...who, expect: 1 }),
      ).rejects.toMatchObject({
        code: 'STORE_CONFLICT',
        basedOn: 1,
        latest: 2,
      });
      await expect(
        service.tagRevision('app/dev', 'new', 3, { ...who, expect: null }),
      ).resolves.toMatchObject({ revision: 3 });
      await expect(
        service.tagRevision('app/dev', 'new', 1, { ...who, expect: null }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect((await service.getTag('app/dev', 'prod')).revision).toBe(2);
    });

    test('tag names follow Docker rules, at most 128 characters, not starting with a digit', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 1);
      for (const good of ['stable', 'v1.2.3', '_x', 'A-b_c.d', `a${'b'.repeat(127)}`]) {
        await expect(service.tagRevision('app/dev', good, 1, who)).resolves.toMatchObject({
          name: good,
        });
      }
      for (const bad of ['1abc', '-x', '.x', 'a/b', 'a b', '', `a${'b'.repeat(128)}`, 'latest']) {
        await expect(service.tagRevision('app/dev', bad, 1, who)).rejects.toBeInstanceOf(
          InvalidArgumentError,
        );
      }
    });

    test('tags cannot point at missing revisions; untag removes a tag', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 2);
      await expect(service.tagRevision('app/dev', 'x', 3, who)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await service.tagRevision('app/dev', 'x', 2, who);
      await service.untagRevision('app/dev', 'x', who);
      await expect(service.getTag('app/dev', 'x')).rejects.toBeInstanceOf(NotFoundError);
      await expect(service.untagRevision('app/dev', 'x', who)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    test('tags list by name across pages; revisions list their tags', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 3);
      const names = ['b', 'a', 'd', 'c', 'e'];
      for (const [i, t] of names.entries())
        await service.tagRevision('app/dev', t, (i % 3) + 1, who);
      const { items } = await collectPages((after) =>
        service.listTags('app/dev', { limit: 2, ...(after === undefined ? {} : { after }) }),
      );
      expect(items.map((t) => [t.name, t.revision])).toEqual([
        ['a', 2],
        ['b', 1],
        ['c', 1],
        ['d', 3],
        ['e', 2],
      ]);
      const revisions = await service.listRevisions('app/dev');
      expect(revisions.items.map((r) => r.tags)).toEqual([
        ['b', 'c'],
        ['a', 'e'],
        ['d', 'latest'],
      ]);
    });
  });

  describe('service: retract', () => {
    test('a retracted revision cannot be read and its tags move to the replacement', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 4);
      await service.tagRevision('app/dev', 'stable', 3, who);
      const retraction = await service.retractRevision('app/dev', 3, {
        actor: 'bob',
        reason: 'leaked a key',
      });
      expect(retraction).toMatchObject({ reason: 'leaked a key', replacement: 2, by: 'bob' });
      const error = await rejection(service.readDefinition('app/dev@3'));
      expect(error).toBeInstanceOf(RevisionRetractedError);
      expect((error as Error).message).toBe(
        'revision 3 of acme/app/dev was retracted (leaked a key); use revision 2',
      );
      const tag = await service.getTag('app/dev', 'stable');
      expect(tag.revision).toBe(2);
      expect(tag.history.at(-1)).toMatchObject({ from: 3, to: 2, by: 'bob' });
      const listed = await service.listRevisions('app/dev');
      expect(listed.items[2]?.retraction).toMatchObject({ reason: 'leaked a key', replacement: 2 });
      await expect(service.tagRevision('app/dev', 'x', 3, who)).rejects.toBeInstanceOf(
        RevisionRetractedError,
      );
      await expect(service.rollback('app/dev', 3, { ...who, basedOn: 4 })).rejects.toBeInstanceOf(
        RevisionRetractedError,
      );
    });

    test('retract rules: not the latest, not twice, replacement skips retracted revisions', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 5);
      await expect(service.retractRevision('app/dev', 5, who)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await service.retractRevision('app/dev', 3, who);
      await expect(service.retractRevision('app/dev', 3, who)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      expect((await service.retractRevision('app/dev', 4, who)).replacement).toBe(2);
      expect(
        (await service.retractRevision('app/dev', 2, { ...who, replacement: 5 })).replacement,
      ).toBe(5);
      await expect(
        service.retractRevision('app/dev', 1, { ...who, replacement: 3 }),
      ).rejects.toBeInstanceOf(RevisionRetractedError);
      await expect(service.retractRevision('app/dev', 1, who)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await expect(service.retractRevision('app/dev', 9, who)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });

  describe('service: settings and delete', () => {
    test('delete is refused while deletion protection is on', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 2);
      await service.setDeletionProtection('app/dev', true, who);
      const error = await rejection(service.deleteEnvironment('app/dev', who));
      expect(error).toBeInstanceOf(DeletionProtectedError);
      expect((error as Error).message).toBe(
        'cannot delete acme/app/dev: deletion protection is on',
      );
      expect((await service.getEnvironment('app/dev')).deletionProtected).toBe(true);
      await service.setDeletionProtection('app/dev', false, who);
      await service.deleteEnvironment('app/dev', who);
      await expect(service.getEnvironment('app/dev')).rejects.toBeInstanceOf(NotFoundError);
      await service.createEnvironment('app/dev', who);
      expect((await service.getEnvironment('app/dev')).latest).toBe(1);
      expect((await service.readDefinition('app/dev')).definition).toBe('');
    });

    test('labels are set and removed', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 1);
      expect(await service.updateLabels('app/dev', { team: 'core', tier: 'gold' }, who)).toEqual({
        team: 'core',
        tier: 'gold',
      });
      expect(await service.updateLabels('app/dev', { tier: null, owner: 'bob' }, who)).toEqual({
        team: 'core',
        owner: 'bob',
      });
      const info = await service.getEnvironment('app/dev');
      expect(info.labels).toEqual({ team: 'core', owner: 'bob' });
      // Each label remembers who set it last, and when; removed labels leave nothing behind.
      expect(Object.keys(info.labelUpdates).sort()).toEqual(['owner', 'team']);
      expect(info.labelUpdates['owner']?.by).toBe(who.actor);
      expect(info.labelUpdates['team']!.at < info.labelUpdates['owner']!.at).toBe(true);
      await expect(service.updateLabels('app/dev', { 'bad key': 'x' }, who)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    });

    test('concurrent metadata changes all land', async (store) => {
      const service = serviceFor(store);
      await seed(service, 'app/dev', 3);
      await Promise.all([
        ...Array.from({ length: 6 }, (_, i) =>
          service.updateLabels('app/dev', { [`k${i}`]: String(i) }, who),
        ),
        ...Array.from({ length: 6 }, (_, i) =>
          service.tagRevision('app/dev', `t${i}`, (i % 3) + 1, who),
        ),
      ]);
      const info = await service.getEnvironment('app/dev');
      expect(Object.keys(info.labels)).toHaveLength(6);
      expect(Object.keys(info.tags)).toHaveLength(6);
    });

    test('environments list in name order across pages, filtered by org and project', async (store) => {
      const service = serviceFor(store);
      const refs = ['acme/b/x', 'acme/a/y', 'acme/a/x', 'zeta/a/x', 'acme/a-b/x'];
      for (const ref of refs) await service.createEnvironment(ref, who);
      const { items } = await collectPages((after) =>
        service.listEnvironments({ limit: 2, ...(after === undefined ? {} : { after }) }),
      );
      expect(items.map((k) => `${k.org}/${k.project}/${k.name}`)).toEqual([
        'acme/a-b/x',
        'acme/a/x',
        'acme/a/y',
        'acme/b/x',
        'zeta/a/x',
      ]);
      expect(
        (await service.listEnvironments({ org: 'acme', project: 'a' })).items.map((k) => k.name),
      ).toEqual(['x', 'y']);
      await expect(service.listEnvironments({ limit: 0 })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    });
  });

  describe('service: audit', () => {
    test('every create, write, tag move, retract, open and delete is audited with who, when, which revision', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/dev', { actor: 'alice' });
      await service.updateDefinition('app/dev', 'values: {a: 1}\n', { actor: 'bob', basedOn: 1 });
      await service.updateDefinition('app/dev', 'values: {a: 2}\n', { actor: 'bob', basedOn: 2 });
      await service.tagRevision('app/dev', 'stable', 2, { actor: 'carol' });
      await service.retractRevision('app/dev', 2, { actor: 'dave', reason: 'bad' });
      await service.open('app/dev', { actor: 'erin' });
      await service.rollback('app/dev', 1, { actor: 'frank', basedOn: 3 });
      await service.deleteEnvironment('app/dev', { actor: 'gina' });
      await service.createEnvironment('app/other', { actor: 'hank' });

      const { items } = await collectPages((after) =>
        service.listAudit({ env: 'app/dev', limit: 3, ...(after === undefined ? {} : { after }) }),
      );
      expect(items.map((e) => [e.action, e.actor, e.revision])).toEqual([
        ['create', 'alice', 1],
        ['write', 'bob', 2],
        ['write', 'bob', 3],
        ['tag', 'carol', 2],
        ['retract', 'dave', 2],
        ['open', 'erin', 3],
        ['rollback', 'frank', 4],
        ['delete', 'gina', 4],
      ]);
      // Besides what each event says, its place in the audit log's hash chain.
      const said = (e: AuditEvent | undefined) =>
        Object.fromEntries(
          Object.entries(e?.details ?? {}).filter(([k]) => !CHAIN_DETAILS.includes(k as never)),
        );
      expect(said(items[3])).toEqual({ tag: 'stable', from: '' });
      expect(said(items[4])).toEqual({ reason: 'bad', replacement: '1', movedTags: 'stable' });
      const numbers = items.map((e) => Number(e.details['seq']));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      for (const e of items) expect(e.env).toEqual({ org: 'acme', project: 'app', name: 'dev' });
      const times = items.map((e) => e.at);
      expect([...times].sort()).toEqual(times);
      expect((await service.listAudit()).items).toHaveLength(9);
      const since = await service.listAudit({ since: items[5]!.at });
      expect(since.items.map((e) => e.action)).toEqual(['open', 'rollback', 'delete', 'create']);
    });

    test('one organization’s audit log', async (store) => {
      const service = serviceFor(store);
      await service.createEnvironment('app/dev', who);
      await service.createEnvironment('beta/app/dev', { actor: 'bob' });
      await service.createEnvironment('acme-2/app/dev', { actor: 'carol' });
      await service.createEnvironment('web/prod', { actor: 'dave' });
      const acme = await service.listAudit({ org: 'acme', limit: 1 });
      expect(acme.items.map((e) => e.actor)).toEqual(['alice']);
      const rest = await service.listAudit({ org: 'acme', after: acme.next! });
      expect(rest.items.map((e) => e.actor)).toEqual(['dave']);
      expect(rest.next).toBeUndefined();
      const beta = await service.listAudit({ org: 'beta', env: 'beta/app/dev' });
      expect(beta.items.map((e) => e.actor)).toEqual(['bob']);
      for (const org of ['a/b', '', '..', 'x'.repeat(101)])
        expect(await rejection(service.listAudit({ org })), org).toBeInstanceOf(
          InvalidArgumentError,
        );
    });
  });
}
