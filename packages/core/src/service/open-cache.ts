import { BoundedMap } from '../internal/bounded-map.js';
import type { EnvironmentRef } from './parse-environment-ref.js';
import type { EvaluatedEnvironment } from './environment-evaluation.js';
import type { ResolvedRevision } from './service-context.js';

/** One environment an evaluation loaded, and the revision its ref resolved to then. */
export interface RecordedLoad {
  readonly ref: EnvironmentRef;
  readonly uid: string;
  readonly revision: number;
}

/** An open kept for reuse: its result, and what each of its loads resolved to. */
export interface CachedOpen {
  readonly loads: readonly RecordedLoad[];
  readonly result: EvaluatedEnvironment;
}

/**
 * Opens of the same revision by the same actor, kept for reuse. An open is a pure function of
 * the revisions it reads, the actor (the context names them) and the keys, unless a provider
 * runs (short-lived credentials, never reused) or something failed: only clean opens without
 * providers are kept. A reuse first re-checks, for the caller at hand, every environment the
 * open loaded: the caller may still open it, and its ref still resolves to the same revision.
 * So a tag moved or a new revision anywhere in the import graph, or a grant taken away, is seen
 * by the next open, as without the cache; what is saved is parsing nothing and evaluating nothing.
 *
 * The values hold decrypted secrets, as the open sessions the server keeps in memory do; the
 * cache is bounded and lives as long as the process.
 */
export class OpenCache {
  private readonly entries: BoundedMap<CachedOpen>;

  constructor(limit = 256) {
    this.entries = new BoundedMap(limit);
  }

  get(resolved: ResolvedRevision, actor: string): CachedOpen | undefined {
    return this.entries.get(keyOf(resolved, actor));
  }

  set(resolved: ResolvedRevision, actor: string, open: CachedOpen): void {
    this.entries.set(keyOf(resolved, actor), open);
  }

  delete(resolved: ResolvedRevision, actor: string): void {
    this.entries.delete(keyOf(resolved, actor));
  }
}

// The uid names one incarnation of the environment: a recreated one never reuses an old open.
const keyOf = (resolved: ResolvedRevision, actor: string): string =>
  `${resolved.uid}@${resolved.revision}\u0000${actor}`;
