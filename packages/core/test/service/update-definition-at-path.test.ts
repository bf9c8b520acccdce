import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createMasterKey } from '../../src/crypto/master-key.js';
import type { EnvironmentsService } from '../../src/service/environments-service.js';
import { createEnvironmentsService } from '../../src/service/environments-service.js';
import {
  pathChanged,
  updateDefinitionAtPath,
  type DefinitionPath,
} from '../../src/service/update-definition-at-path.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { InvalidArgumentError, PathConflictError, StoreConflictError } from '../../src/errors.js';

const ENV = 'acme/app/dev';
const alice = { actor: 'alice' };
const bob = { actor: 'bob' };

function service(): EnvironmentsService {
  const store = createMemoryStore();
  return createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey: createMasterKey(new Uint8Array(32).fill(7)) }),
    defaultOrg: 'acme',
  });
}

/** The change `strata env set` makes: the value at `path`, maps created on the way. */
const setTo =
  (path: DefinitionPath, value: unknown) =>
  (definition: string): string => {
    const doc = parseDocument(definition);
    doc.setIn(path, value);
    return doc.toString();
  };

/** Writes `change` to the latest revision as another writer would, between a read and a write. */
async function otherWriter(
  s: EnvironmentsService,
  change: (definition: string) => string,
): Promise<void> {
  const latest = await s.readDefinition(ENV);
  await s.updateDefinition(ENV, change(latest.definition), {
    ...bob,
    basedOn: latest.revision.number,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function revisions(s: EnvironmentsService): Promise<{ number: number; author: string }[]> {
  const page = await s.listRevisions(ENV);
  return page.items.map((r) => ({ number: r.number, author: r.author }));
}

describe('updateDefinitionAtPath', () => {
  it('writes the change to the latest revision in one attempt when nobody else writes', async () => {
    const s = service();
    await s.createEnvironment(ENV, { ...alice, definition: 'values:\n  a: 1\n' });
    const result = await updateDefinitionAtPath(s, ENV, {
      ...alice,
      path: ['values', 'b'],
      apply: setTo(['values', 'b'], 2),
      check: (definition) => Promise.resolve(definition.length),
    });
    expect(result.attempts).toBe(1);
    expect(result.revision.number).toBe(2);
    expect(result.definition).toBe('values:\n  a: 1\n  b: 2\n');
    expect(result.checked).toBe(result.definition.length);
    expect((await s.readDefinition(ENV)).definition).toBe('values:\n  a: 1\n  b: 2\n');
  });

  it('re-applies the change to what another writer stored meanwhile at another path', async () => {
    const s = service();
    await s.createEnvironment(ENV, alice);
    const seen: string[] = [];
    let checks = 0;
    const result = await updateDefinitionAtPath(s, ENV, {
      ...alice,
      path: ['values', 'mine'],
      apply: async (definition) => {
        seen.push(definition);
        // The first time, bob writes another key after alice read the latest.
        if (seen.length === 1) await otherWriter(s, setTo(['values', 'theirs'], 'b'));
        return setTo(['values', 'mine'], 'a')(definition);
      },
      check: () => Promise.resolve(++checks),
    });
    expect(seen).toEqual(['', 'values:\n  theirs: b\n']);
    expect(result.attempts).toBe(2);
    expect(result.checked).toBe(2);
    expect((await s.readDefinition(ENV)).definition).toBe('values:\n  theirs: b\n  mine: a\n');
    expect(await revisions(s)).toEqual([
      { number: 1, author: 'alice' },
      { number: 2, author: 'bob' },
      { number: 3, author: 'alice' },
    ]);
  });

  it('reports a conflict and stores nothing when another writer changed the same path', async () => {
    const s = service();
    await s.createEnvironment(ENV, { ...alice, definition: 'values:\n  db:\n    host: a\n' });
    let applied = 0;
    const error = await rejection(
      updateDefinitionAtPath(s, ENV, {
        ...alice,
        path: ['values', 'db', 'host'],
        shownPath: 'db.host',
        apply: async (definition) => {
          if (++applied === 1) await otherWriter(s, setTo(['values', 'db', 'host'], 'bob'));
          return setTo(['values', 'db', 'host'], 'alice')(definition);
        },
      }),
    );
    expect(error).toBeInstanceOf(PathConflictError);
    expect(error).toBeInstanceOf(StoreConflictError);
    expect((error as StoreConflictError).code).toBe('STORE_CONFLICT');
    expect((error as Error).message).toBe(
      'conflict writing acme/app/dev: db.host was changed since revision 1 (the latest is revision 2)',
    );
    expect(applied).toBe(1);
    expect((await s.readDefinition(ENV)).definition).toBe('values:\n  db:\n    host: bob\n');
    expect(await revisions(s)).toEqual([
      { number: 1, author: 'alice' },
      { number: 2, author: 'bob' },
    ]);
  });

  it('reports a conflict when the path was removed meanwhile (a remove racing a remove)', async () => {
    const s = service();
    await s.createEnvironment(ENV, { ...alice, definition: 'values:\n  a: 1\n  b: 2\n' });
    let applied = 0;
    const remove = (definition: string): string => {
      const doc = parseDocument(definition);
      if (!doc.deleteIn(['values', 'a'])) throw new Error('a is not defined');
      return doc.toString();
    };
    const error = await rejection(
      updateDefinitionAtPath(s, ENV, {
        ...alice,
        path: ['values', 'a'],
        apply: async (definition) => {
          if (++applied === 1) await otherWriter(s, remove);
          return remove(definition);
        },
      }),
    );
    expect(error).toBeInstanceOf(PathConflictError);
    expect((error as Error).message).toContain('values.a was changed since revision 1');
    expect(await revisions(s)).toHaveLength(2);
  });

  it('keeps failing after the last attempt when every attempt loses to other writers', async () => {
    const s = service();
    await s.createEnvironment(ENV, alice);
    let applied = 0;
    const error = await rejection(
      updateDefinitionAtPath(s, ENV, {
        ...alice,
        path: ['values', 'mine'],
        attempts: 3,
        apply: async (definition) => {
          applied++;
          await otherWriter(s, setTo(['values', `theirs${applied}`], applied));
          return setTo(['values', 'mine'], 'a')(definition);
        },
      }),
    );
    expect(applied).toBe(3);
    expect(error).toBeInstanceOf(StoreConflictError);
    expect(error).not.toBeInstanceOf(PathConflictError);
    expect((error as Error).message).toBe(
      'conflict writing acme/app/dev: based on revision 3, but the latest is revision 4',
    );
    expect((await s.readDefinition(ENV)).definition).not.toContain('mine');
    expect((await revisions(s)).map((r) => r.author)).toEqual(['alice', 'bob', 'bob', 'bob']);
  });

  it('stores nothing when the change or its check refuses, and tries no further', async () => {
    const s = service();
    await s.createEnvironment(ENV, alice);
    let checks = 0;
    await expect(
      updateDefinitionAtPath(s, ENV, {
        ...alice,
        path: ['values', 'a'],
        apply: setTo(['values', 'a'], 1),
        check: () => {
          checks++;
          return Promise.reject(new Error('has errors'));
        },
      }),
    ).rejects.toThrow('has errors');
    expect(checks).toBe(1);
    await expect(
      updateDefinitionAtPath(s, ENV, {
        ...alice,
        path: ['values', 'a'],
        apply: () => {
          throw new Error('not defined');
        },
      }),
    ).rejects.toThrow('not defined');
    expect(await revisions(s)).toHaveLength(1);
  });

  it('lands every change of two writers setting different keys at once', async () => {
    const s = service();
    await s.createEnvironment(ENV, alice);
    const writer = async (name: string): Promise<void> => {
      for (let i = 0; i < 15; i++) {
        const path = ['values', `${name}${i}`];
        await updateDefinitionAtPath(s, ENV, { actor: name, path, apply: setTo(path, i) });
      }
    };
    await Promise.all([writer('a'), writer('b')]);
    const value = parseDocument((await s.readDefinition(ENV)).definition).toJS() as {
      values: Record<string, number>;
    };
    expect(Object.keys(value.values)).toHaveLength(30);
    expect((await revisions(s)).map((r) => r.number)).toEqual(
      Array.from({ length: 31 }, (_, i) => i + 1),
    );
  });

  it('refuses a versioned ref, an empty path and a bad number of attempts', async () => {
    const s = service();
    await s.createEnvironment(ENV, alice);
    const apply = (d: string): string => d;
    await expect(
      updateDefinitionAtPath(s, `${ENV}@1`, { ...alice, path: ['values', 'a'], apply }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      updateDefinitionAtPath(s, ENV, { ...alice, path: [], apply }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      updateDefinitionAtPath(s, ENV, { ...alice, path: ['values', 'a'], apply, attempts: 0 }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('pathChanged', () => {
  const host = ['values', 'db', 'host'];

  it('ignores changes elsewhere, and maps created or removed on the way', () => {
    expect(pathChanged('', 'values:\n  x: 1\n', host)).toBe(false);
    expect(
      pathChanged('values:\n  db:\n    host: a\n', 'values:\n  db:\n    host: a\n  x: 1\n', host),
    ).toBe(false);
    expect(pathChanged('values:\n  db:\n    port: 1\n', 'values:\n  x: 1\n', host)).toBe(false);
    // Comments and style are not changes of the value.
    expect(
      pathChanged('values:\n  db: {host: a}\n', 'values:\n  db:\n    host: "a" # note\n', host),
    ).toBe(false);
  });

  it('sees the value at the path set, changed or removed', () => {
    expect(pathChanged('', 'values:\n  db:\n    host: b\n', host)).toBe(true);
    expect(
      pathChanged('values:\n  db:\n    host: a\n', 'values:\n  db:\n    host: b\n', host),
    ).toBe(true);
    expect(pathChanged('values:\n  db:\n    host: a\n', 'values:\n  db: {}\n', host)).toBe(true);
    expect(
      pathChanged('values:\n  db:\n    host: {a: 1}\n', 'values:\n  db:\n    host: {a: 2}\n', host),
    ).toBe(true);
  });

  it('sees a map on the way become something else', () => {
    expect(pathChanged('values:\n  db: {}\n', 'values:\n  db: 5\n', host)).toBe(true);
    expect(pathChanged('values: {}\n', 'values:\n  db: [1]\n', host)).toBe(true);
    expect(pathChanged('', 'x', host)).toBe(true);
  });

  it('treats a list on the path as one unit, since its positions shift', () => {
    const second = ['values', 'list', 1];
    expect(
      pathChanged('values:\n  list: [a, b]\n', 'values:\n  list: [a, b]\n  x: 1\n', second),
    ).toBe(false);
    expect(pathChanged('values:\n  list: [a, b]\n', 'values:\n  list: [b]\n', second)).toBe(true);
    expect(pathChanged('values:\n  list: [a, b]\n', 'values:\n  list: [a, b, c]\n', second)).toBe(
      true,
    );
    expect(pathChanged('imports:\n  - a\n', 'imports:\n  - a\n  - b\n', ['imports', 1])).toBe(true);
  });
});
