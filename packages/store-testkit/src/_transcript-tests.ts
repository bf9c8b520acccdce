import { describe, expect } from 'vitest';
import type { EnvironmentsService } from '@strata/core';
import { createMemoryStore } from '@strata/core';
import type { ContractContext } from './_context.js';
import { collectPages } from './_context.js';

/**
 * Runs one scripted history through a service and records everything a user can read back, minus
 * what is random by design (uids, ciphertext, audit id suffixes).
 */
async function transcript(service: EnvironmentsService): Promise<unknown[]> {
  const out: unknown[] = [];
  const attempt = async (label: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      out.push([label, await run()]);
    } catch (error) {
      out.push([label, 'error', (error as { code?: string }).code, (error as Error).message]);
    }
  };
  const alice = { actor: 'alice' };
  await attempt('create', () =>
    service.createEnvironment('app/dev', {
      ...alice,
      definition: 'values:\n  password: {fn::secret: pw}\n',
    }),
  );
  await attempt('create again', () => service.createEnvironment('app/dev', alice));
  await attempt('create other', () => service.createEnvironment('beta/app/x', alice));
  for (let n = 1; n <= 4; n++) {
    await attempt(`write ${n}`, () =>
      service.updateDefinition('app/dev', `values:\n  n: ${n}\n`, { ...alice, basedOn: n }),
    );
  }
  await attempt('stale write', () =>
    service.updateDefinition('app/dev', 'x: 1\n', { ...alice, basedOn: 2 }),
  );
  await attempt('tag', () => service.tagRevision('app/dev', 'stable', 2, alice));
  await attempt('move', () => service.tagRevision('app/dev', 'stable', 4, { actor: 'bob' }));
  await attempt('retract', () =>
    service.retractRevision('app/dev', 4, { actor: 'carol', reason: 'oops' }),
  );
  await attempt('read retracted', () => service.readDefinition('app/dev@4'));
  await attempt('rollback', () => service.rollback('app/dev', 1, { ...alice, basedOn: 5 }));
  await attempt(
    'read rollback',
    async () => (await service.readDefinition('app/dev', { showSecrets: true })).definition,
  );
  await attempt('labels', () => service.updateLabels('app/dev', { team: 'core' }, alice));
  await attempt('protect', () => service.setDeletionProtection('app/dev', true, alice));
  await attempt('delete protected', () => service.deleteEnvironment('app/dev', alice));
  await attempt('delete other', () => service.deleteEnvironment('beta/app/x', alice));
  await attempt('info', () => service.getEnvironment('app/dev'));
  await attempt(
    'revisions',
    async () =>
      (
        await collectPages((after) =>
          service.listRevisions('app/dev', { limit: 2, ...(after === undefined ? {} : { after }) }),
        )
      ).items,
  );
  await attempt('tags', () => service.listTags('app/dev'));
  await attempt('environments', () => service.listEnvironments());
  await attempt('audit', async () =>
    (await service.listAudit()).items.map(({ id, details, ...rest }) => {
      // The chain's id and hashes are random by design (the id is); its numbering is not.
      const { chain: _chain, prev: _prev, hash: _hash, ...kept } = details;
      return { ...rest, details: kept, id: id.slice(0, 24) };
    }),
  );
  return out;
}

export function registerTranscriptTests({ test, serviceFor }: ContractContext): void {
  describe('identical results', () => {
    test('one scripted history reads back exactly as from the in-memory reference store', async (store) => {
      const reference = createMemoryStore();
      const expected = await transcript(serviceFor(reference));
      await reference.close();
      expect(await transcript(serviceFor(store))).toEqual(expected);
    });
  });
}
