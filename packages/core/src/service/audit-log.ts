import { randomHex } from '../internal/random-hex.js';
import type { AuditAction, AuditEvent, EnvironmentKey, Page, Store } from '../store/store.js';
import {
  AUDIT_CHAINS,
  CHAIN_DETAILS,
  auditEventHash,
  chainHeadId,
  type AuditChainHead,
} from './audit-chain.js';

/**
 * Who did it and from where, beyond the actor's name: recorded in the details of every event of
 * a call (`token`, `tokenId`, `sourceIP`). Never the token itself.
 */
export interface AuditContext {
  readonly token?: { readonly id: string; readonly name: string } | undefined;
  readonly sourceIP?: string | undefined;
}

/**
 * Details the log adds to every event itself (through which token, from where, the hash chain), as
 * opposed to what the event is about: views show them apart, or only in full output.
 */
export const RECORDED_DETAILS: readonly string[] = [
  'token',
  'tokenId',
  'sourceIP',
  ...CHAIN_DETAILS,
];

/** What one audit event says: who did what to which environment, at which revision. */
export interface AuditEntry {
  readonly action: AuditAction;
  readonly env: EnvironmentKey;
  readonly actor: string;
  readonly revision: number | null;
  readonly details?: Record<string, string>;
}

/** One chain of an organization's events in this process (see audit-chain.ts). */
interface Chain {
  readonly id: string;
  seq: number;
  hash: string;
  headVersion: string | null;
  /** The time of the newest event, which the head records. */
  headAt: string;
  /** When the head was last written (performance.now()); -Infinity before the first. */
  headWrittenAt: number;
  /** The head is behind the chain's newest event (a write is due). */
  headStale: boolean;
  /** The trailing head write, when one is scheduled. */
  headTimer: ReturnType<typeof setTimeout> | undefined;
  /** Appends run one after another: each links to the one before. */
  tail: Promise<unknown>;
  /** Appends waiting or running. */
  pending: number;
}

/**
 * Chains one process keeps per organization at most. Appends to one chain wait for each other
 * (each links to the one before), so on a store with slow writes (S3) concurrent requests spread
 * over several; sequential ones all use the first.
 */
const MAX_CHAINS = 8;

/**
 * A chain's head is written with its first event, then at most once per this many milliseconds
 * (trailing), and by `flush`. Writing it with every event costs a store write per event (a PUT on
 * S3); a head that lags by under a second only narrows what `audit verify` notices to "the newest
 * events, up to a second of them, may go unnoticed if deleted before the head catches up".
 */
export const AUDIT_HEAD_INTERVAL_MS = 1000;

/**
 * The audit trail: events stamped, chained by hash and appended to the store, in order within one
 * process. A failure to store an event fails the caller: nothing runs unaudited.
 */
export class AuditLog {
  private seq = 0;
  private readonly chains = new Map<string, Chain[]>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly headIntervalMs = AUDIT_HEAD_INTERVAL_MS,
    private readonly context: AuditContext = {},
    private readonly base?: AuditLog,
  ) {}

  /** This log, with `context` recorded in every event. */
  with(context: AuditContext): AuditLog {
    return new AuditLog(this.store, this.now, this.headIntervalMs, context, this.base ?? this);
  }

  /** Appends an event. */
  async record(entry: AuditEntry): Promise<void> {
    await this.recordWith(entry, async (event) => {
      await this.store.appendAudit(event);
      return true;
    });
  }

  /**
   * Records `entry` through `write`, which stores it with something else (a revision) and says
   * whether it did: false when the write lost a race and stored nothing (the chain then does not
   * move).
   */
  async recordWith(
    entry: AuditEntry,
    write: (event: AuditEvent) => Promise<boolean>,
  ): Promise<boolean> {
    const root = this.base ?? this;
    const chain = root.chainOf(entry.env.org);
    const run = async (): Promise<boolean> => {
      const unchained = this.event(entry);
      const linked: AuditEvent = {
        ...unchained,
        details: {
          ...unchained.details,
          chain: chain.id,
          seq: String(chain.seq + 1),
          prev: chain.hash,
        },
      };
      const hash = auditEventHash(linked);
      const event = { ...linked, details: { ...linked.details, hash } };
      if (!(await write(event))) return false;
      chain.seq++;
      chain.hash = hash;
      chain.headAt = event.at;
      chain.headStale = true;
      await root.moveHead(entry.env.org, chain);
      return true;
    };
    chain.pending++;
    const result = chain.tail.then(run, run).finally(() => chain.pending--);
    chain.tail = result.catch(() => undefined);
    return await result;
  }

  /**
   * Writes every chain head that is behind its newest event, after the appends in flight. Hosts
   * call it before closing the store, so a process that ends leaves its heads current.
   */
  async flush(): Promise<void> {
    const root = this.base ?? this;
    const writes: Promise<void>[] = [];
    for (const [org, chains] of root.chains) {
      for (const chain of chains) {
        clearTimeout(chain.headTimer);
        chain.headTimer = undefined;
        const write = chain.tail.then(() => root.writeHeadIfStale(org, chain));
        chain.tail = write.catch(() => undefined);
        writes.push(write);
      }
    }
    await Promise.all(writes);
  }

  list(options: {
    after?: string;
    since?: string;
    until?: string;
    env?: EnvironmentKey;
    org?: string;
    limit: number;
  }): Promise<Page<AuditEvent>> {
    return this.store.listAudit(options);
  }

  /** An event for `entry`, stamped, with this log's context (not chained yet). */
  private event(entry: AuditEntry): AuditEvent {
    const root = this.base ?? this;
    const at = this.now().toISOString();
    // The sequence keeps one process's events in order within a millisecond.
    const seq = (root.seq++ % 0x100000000).toString(16).padStart(8, '0');
    const id = `${at}/${seq}${randomHex(4)}`;
    const { token, sourceIP } = this.context;
    return {
      id,
      at,
      actor: entry.actor,
      action: entry.action,
      env: entry.env,
      revision: entry.revision,
      details: {
        ...entry.details,
        ...(token === undefined ? {} : { token: token.name, tokenId: token.id }),
        ...(sourceIP === undefined ? {} : { sourceIP }),
      },
    };
  }

  /** The idle chain of `org`, else a new one while there are fewer than MAX_CHAINS, else the least busy. */
  private chainOf(org: string): Chain {
    let chains = this.chains.get(org);
    if (chains === undefined) this.chains.set(org, (chains = []));
    let best: Chain | undefined;
    for (const chain of chains) {
      if (chain.pending === 0) return chain;
      if (best === undefined || chain.pending < best.pending) best = chain;
    }
    if (best !== undefined && chains.length >= MAX_CHAINS) return best;
    const chain: Chain = {
      id: randomHex(8),
      seq: 0,
      hash: '',
      headVersion: null,
      headAt: '',
      headWrittenAt: -Infinity,
      headStale: false,
      headTimer: undefined,
      tail: Promise.resolve(),
      pending: 0,
    };
    chains.push(chain);
    return chain;
  }

  /**
   * Writes the head now if none was written for the interval, else schedules one write for when
   * it ends (runs within the chain, so it never races an append).
   */
  private async moveHead(org: string, chain: Chain): Promise<void> {
    const since = performance.now() - chain.headWrittenAt;
    if (chain.headTimer === undefined && since >= this.headIntervalMs) {
      await this.writeHeadIfStale(org, chain);
      return;
    }
    // No timer for an endless interval: only `flush` writes the head again.
    if (chain.headTimer !== undefined || !Number.isFinite(this.headIntervalMs)) return;
    chain.headTimer = setTimeout(() => {
      chain.headTimer = undefined;
      // A failure leaves the head stale: the next event or `flush` writes it.
      chain.tail = chain.tail.then(() => this.writeHeadIfStale(org, chain)).catch(() => undefined);
    }, this.headIntervalMs - since);
    // A pending head write never keeps a process alive; hosts `flush` before they close.
    chain.headTimer.unref();
  }

  /** Moves the chain's head document to its newest event (without waiting for the disk). */
  private async writeHeadIfStale(org: string, chain: Chain): Promise<void> {
    if (!chain.headStale) return;
    const id = chainHeadId(org, chain.id);
    const head: AuditChainHead = {
      org,
      chain: chain.id,
      seq: chain.seq,
      hash: chain.hash,
      at: chain.headAt,
    };
    let version = await this.store.putDocument(AUDIT_CHAINS, id, head, chain.headVersion, {
      ephemeral: true,
    });
    if (version === null) {
      // Changed by someone else (only this process writes it): write over what is there.
      const current = await this.store.getDocument(AUDIT_CHAINS, id);
      version = await this.store.putDocument(AUDIT_CHAINS, id, head, current?.version ?? null, {
        ephemeral: true,
      });
    }
    chain.headVersion = version;
    chain.headWrittenAt = performance.now();
    // Only if no event came in while writing; the chain runs one thing at a time, so none did.
    chain.headStale = false;
  }
}
