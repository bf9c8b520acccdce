import type { AuditEvent, Store } from '../store/store.js';
import { AUDIT_CHAINS, auditEventHash, chainHeadId, type AuditChainHead } from './audit-chain.js';

/** One break of the audit log's chains. */
export interface AuditProblem {
  readonly org: string;
  /** The event found broken, or the newest one before a gap; absent when a chain is gone. */
  readonly event?: string;
  readonly chain?: string;
  readonly problem: string;
}

/** What verifying the audit log found. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Events read and chains followed. */
  readonly events: number;
  readonly chains: number;
  /** Events written before chaining began (older than every chained event). */
  readonly unchained: number;
  readonly problems: readonly AuditProblem[];
}

const MAX_PROBLEMS = 1000;

/**
 * Follows every chain of the audit log (of `org`, or of every organization): each event's hash
 * must be its content's, each must link to the one before it in its chain with no number
 * missing, and each chain must reach the newest event its head document names. An event
 * deleted or edited where the log is stored breaks one of these.
 */
export async function verifyAuditLog(store: Store, org?: string): Promise<AuditVerification> {
  const events: AuditEvent[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.listAudit({
      limit: 1000,
      ...(org === undefined ? {} : { org }),
      ...(after === undefined ? {} : { after }),
    });
    events.push(...page.items);
    if (page.next === undefined) break;
    after = page.next;
  }
  const heads = await chainHeads(store, org);
  const problems: AuditProblem[] = [];
  const add = (problem: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  const chains = new Map<string, AuditEvent[]>();
  const firstChained = new Map<string, string>();
  for (const event of events) {
    const chain = event.details['chain'];
    if (chain === undefined) continue;
    const key = chainHeadId(event.env.org, chain);
    const chained = chains.get(key);
    if (chained === undefined) chains.set(key, [event]);
    else chained.push(event);
    const first = firstChained.get(event.env.org);
    if (first === undefined || event.at < first) firstChained.set(event.env.org, event.at);
  }

  let unchained = 0;
  for (const event of events) {
    if (event.details['chain'] !== undefined) continue;
    const first = firstChained.get(event.env.org);
    if (first === undefined || event.at < first) unchained++;
    else
      add({
        org: event.env.org,
        event: event.id,
        problem:
          'is in no chain, though written after chaining began (its chain details were removed)',
      });
  }

  for (const [key, list] of chains) {
    const [eventOrg = '', chain = ''] = key.split(':');
    const ordered = list
      .map((event) => ({ event, seq: Number(event.details['seq']) }))
      .sort((a, b) => a.seq - b.seq);
    let expected = 1;
    let previous = '';
    for (const { event, seq } of ordered) {
      if (!Number.isSafeInteger(seq) || seq < expected) {
        add({
          org: eventOrg,
          chain,
          event: event.id,
          problem: `repeats number ${event.details['seq']} of its chain`,
        });
        continue;
      }
      if (seq > expected)
        add({
          org: eventOrg,
          chain,
          event: event.id,
          problem: `${seq - expected === 1 ? 'the event' : `${seq - expected} events`} before it in its chain ${seq - expected === 1 ? 'is' : 'are'} missing (number ${expected}${seq - expected === 1 ? '' : ` to ${seq - 1}`})`,
        });
      else if (event.details['prev'] !== previous)
        add({
          org: eventOrg,
          chain,
          event: event.id,
          problem: 'does not link to the event before it',
        });
      if (auditEventHash(event) !== event.details['hash'])
        add({
          org: eventOrg,
          chain,
          event: event.id,
          problem: 'was altered: its content does not match its hash',
        });
      previous = event.details['hash'] ?? '';
      expected = seq + 1;
    }
    const head = heads.get(key);
    const last = ordered.at(-1);
    if (head !== undefined && last !== undefined && head.seq > last.seq)
      add({
        org: eventOrg,
        chain,
        event: last.event.id,
        problem: `the chain's newest ${head.seq - last.seq === 1 ? 'event is' : `${head.seq - last.seq} events are`} missing after it (its head names number ${head.seq})`,
      });
    else if (
      head !== undefined &&
      last !== undefined &&
      head.seq === last.seq &&
      head.hash !== last.event.details['hash']
    )
      add({
        org: eventOrg,
        chain,
        event: last.event.id,
        problem: "does not match its chain's head",
      });
  }
  for (const [key, head] of heads)
    if (!chains.has(key) && head.seq > 0)
      add({
        org: head.org,
        chain: head.chain,
        problem: `every event of the chain is missing (its head names ${head.seq})`,
      });

  return {
    ok: problems.length === 0,
    events: events.length,
    chains: chains.size,
    unchained,
    problems,
  };
}

async function chainHeads(store: Store, org?: string): Promise<Map<string, AuditChainHead>> {
  const heads = new Map<string, AuditChainHead>();
  const prefix = org === undefined ? '' : `${org}:`;
  for (let after: string | undefined = prefix === '' ? undefined : prefix; ;) {
    const page = await store.listDocuments(AUDIT_CHAINS, {
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    for (const item of page.items) {
      if (!item.id.startsWith(prefix)) return heads;
      const head = item.value as AuditChainHead;
      heads.set(chainHeadId(head.org, head.chain), head);
    }
    if (page.next === undefined) return heads;
    after = page.next;
  }
}
