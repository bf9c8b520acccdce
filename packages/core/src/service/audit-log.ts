import { randomBytes } from 'node:crypto';
import type { AuditAction, AuditEvent, EnvironmentKey, Page, Store } from '../store/store.js';

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
  ) {}

  /** An event for `entry`, to append on its own or with a revision (see Store). */
  event(entry: AuditEntry): AuditEvent {
    const at = this.now().toISOString();
    // The sequence keeps one process's events in order within a millisecond.
    const seq = (this.seq++ % 0x100000000).toString(16).padStart(8, '0');
    const id = `${at}/${seq}${randomBytes(4).toString('hex')}`;
    return {
      id,
      at,
      actor: entry.actor,
      action: entry.action,
      env: entry.env,
      revision: entry.revision,
      details: entry.details ?? {},
    };
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.store.appendAudit(this.event(entry));
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
