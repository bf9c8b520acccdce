import { createHash } from 'node:crypto';
import type { AuditEvent } from '../store/store.js';

/**
 * The audit log is chained by hash, in chains of one organization and one writing process (a
 * process keeps a few per organization, so concurrent appends need not wait in line): each event
 * carries its chain's id, its sequence number, the previous event's hash and its own (in
 * `details`: `chain`, `seq`, `prev`, `hash`), and each chain's newest sequence number and hash
 * are kept in a document (`audit-chains/<org>:<chain>`). So an event removed or edited where the
 * log is stored breaks a link, and one removed from the end falls short of the chain's head.
 */
export const AUDIT_CHAINS = 'audit-chains';

/** The details the chain adds to an event. */
export const CHAIN_DETAILS = ['chain', 'seq', 'prev', 'hash'] as const;

/** What a chain's head document holds. */
export interface AuditChainHead {
  readonly org: string;
  readonly chain: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

/** The hash of an event: every field and every detail but the hash itself, in a fixed order. */
export function auditEventHash(event: AuditEvent): string {
  const details = Object.entries(event.details)
    .filter(([key]) => key !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = JSON.stringify([
    event.id,
    event.at,
    event.actor,
    event.action,
    event.env.org,
    event.env.project,
    event.env.name,
    event.revision,
    details,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The head document's id of a chain. */
export function chainHeadId(org: string, chain: string): string {
  return `${org}:${chain}`;
}
