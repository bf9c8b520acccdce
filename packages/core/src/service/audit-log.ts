import { randomBytes } from 'node:crypto';
import type { AuditAction, AuditEvent, EnvironmentKey, Page, Store } from '../store/store.js';

/**
 * Who did it and from where, beyond the actor's name: recorded in the details of every event of
 * a call (`token`, `tokenId`, `sourceIP`). Never the token itself.
 */
export interface AuditContext {
  readonly token?: { readonly id: string; readonly name: string } | undefined;
  readonly sourceIP?: string | undefined;
}

/** What one audit event says: who did what to which environment, at which revision. */
export interface AuditEntry {
  readonly action: AuditAction;
  readonly env: EnvironmentKey;
  readonly actor: string;
  readonly revision: number | null;
  readonly details?: Record<string, string>;
}

/** The audit trail: events stamped and appended to the store, in order within one process. */
export class AuditLog {
  private seq = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly context: AuditContext = {},
    private readonly base?: AuditLog,
  ) {}

  /** This log, with `context` recorded in every event. */
  with(context: AuditContext): AuditLog {
    return new AuditLog(this.store, this.now, context, this.base ?? this);
  }

  /** An event for `entry`, to append on its own or with a revision (see Store). */
  event(entry: AuditEntry): AuditEvent {
    const root = this.base ?? this;
    const at = this.now().toISOString();
    // The sequence keeps one process's events in order within a millisecond.
    const seq = (root.seq++ % 0x100000000).toString(16).padStart(8, '0');
    const id = `${at}/${seq}${randomBytes(4).toString('hex')}`;
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

  /** Appends an event; a failure to store it fails the caller (nothing runs unaudited). */
  async record(entry: AuditEntry): Promise<void> {
    await this.store.appendAudit(this.event(entry));
  }

  /**
   * Records `entry` through `write`, which stores it with something else (a revision) and says
   * whether it did: false when the write lost a race and stored nothing.
   */
  async recordWith(
    entry: AuditEntry,
    write: (event: AuditEvent) => Promise<boolean>,
  ): Promise<boolean> {
    return await write(this.event(entry));
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
}
