import { it } from 'vitest';
import type {
  EnvironmentKey,
  EnvironmentRecord,
  EnvironmentsService,
  MasterKey,
  RevisionRecord,
  Store,
} from '@strata/core';
import { createEnvironmentsService, createKeyring, createMasterKey } from '@strata/core';

export interface StoreFixture {
  readonly store: Store;
  readonly cleanup: () => Promise<void>;
  /**
   * Opens another store over the same data, as a second process or machine would (a second
   * connection to the file, a second client of the bucket), closed after the test. Absent for a
   * store that cannot be opened twice (the memory store): tests then use `store` again.
   */
  readonly openAnother?: () => Store;
}

export type CreateStore = () => Promise<StoreFixture>;

/** Declared gaps: test name → reason. A skipped test still shows up, with its reason. */
export type SkipList = Readonly<Record<string, string>>;

/** The master keys the suite encrypts with: `current` for every service, `other` as a wrong key. */
export interface ContractMasterKeys {
  readonly current: MasterKey;
  /** A different key: a wrong key for `current`'s data keys, and the target of a rotation. */
  readonly other: MasterKey;
}

export interface ContractContext {
  readonly createStore: CreateStore;
  readonly masterKeys: ContractMasterKeys;
  /** A service over `store` whose keyring uses `masterKey` (default `masterKeys.current`). */
  readonly serviceFor: (store: Store, masterKey?: MasterKey) => EnvironmentsService;
  /**
   * Registers a test unless it is declared skipped; `body` gets a fresh store, and a way to open
   * another store over its data (`store` itself where the fixture cannot).
   */
  readonly test: (
    name: string,
    body: (store: Store, another: { open: () => Store }) => Promise<void>,
  ) => void;
}

export function createContext(
  createStore: CreateStore,
  skip: SkipList,
  used: Set<string>,
  masterKeys: ContractMasterKeys = { current: TEST_MASTER_KEY, other: OTHER_MASTER_KEY },
): ContractContext {
  return {
    createStore,
    masterKeys,
    serviceFor: (store, masterKey = masterKeys.current) => serviceFor(store, masterKey),
    test(name, body) {
      used.add(name);
      const reason = skip[name];
      if (reason !== undefined) {
        it.skip(`${name} (skipped: ${reason})`, () => undefined);
        return;
      }
      it(name, async () => {
        const fixture = await createStore();
        const others: Store[] = [];
        const open = (): Store => {
          if (fixture.openAnother === undefined) return fixture.store;
          const other = fixture.openAnother();
          others.push(other);
          return other;
        };
        try {
          await body(fixture.store, { open });
        } finally {
          for (const other of others) await other.close();
          await fixture.store.close();
          await fixture.cleanup();
        }
      });
    },
  };
}

export const TEST_MASTER_KEY = createMasterKey(new Uint8Array(32).fill(7));
export const OTHER_MASTER_KEY = createMasterKey(new Uint8Array(32).fill(9));

/** A clock that advances one millisecond per reading, so runs are reproducible. */
export function steppingClock(start = Date.UTC(2024, 0, 2, 3, 4, 5)): () => Date {
  let t = start;
  return () => new Date(t++);
}

export function serviceFor(
  store: Store,
  masterKey: MasterKey = TEST_MASTER_KEY,
): EnvironmentsService {
  return createEnvironmentsService({
    store,
    keyring: createKeyring({ store, masterKey }),
    defaultOrg: 'acme',
    now: steppingClock(),
  });
}

export const env = (org: string, project: string, name: string): EnvironmentKey => ({
  org,
  project,
  name,
});

export function record(uid: string, extra: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    uid,
    createdAt: '2024-01-02T03:04:05.000Z',
    createdBy: 'alice',
    deletionProtected: false,
    labels: {},
    tags: {},
    retractions: {},
    ...extra,
  };
}

export function revision(
  number: number,
  text = `rev ${number}`,
  extra: Partial<RevisionRecord> = {},
): RevisionRecord {
  return {
    number,
    definition: new TextEncoder().encode(text),
    author: 'alice',
    createdAt: `2024-01-02T03:04:${String(number % 60).padStart(2, '0')}.000Z`,
    copiedFrom: null,
    ...extra,
  };
}

/** Collects every page of a paginated listing. */
export async function collectPages<T>(
  list: (after: string | undefined) => Promise<{ items: T[]; next?: string }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await list(after);
    pages++;
    items.push(...page.items);
    if (page.next === undefined) return { items, pages };
    after = page.next;
    if (pages > 10_000) throw new Error('pagination does not end');
  }
}
