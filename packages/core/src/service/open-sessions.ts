import { randomHex } from '../internal/random-hex.js';
import type { SecretKeyring } from '../crypto/keyring.js';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import { BoundedMap } from '../internal/bounded-map.js';
import { stringifyEscJson, toEscEnvironment } from '../projection/esc-json.js';
import type { Value } from '../value/value.js';
import type { DocumentStore } from '../store/documents.js';
import type { EnvironmentKey } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';

/** ESC's default open duration, and the longest Strata grants. */
export const DEFAULT_OPEN_DURATION_MS = 60 * 60 * 1000;
export const MAX_OPEN_DURATION_MS = 24 * 60 * 60 * 1000;

interface SessionRecord {
  readonly env: string;
  readonly revision: number;
  readonly openedBy: string;
  readonly expiresAt: string;
  /** The opened environment (with its secrets), encrypted with the org's data key. */
  readonly payload: string;
}

const SESSIONS = 'open-sessions';

/** Sessions this process opened, kept for their reads: at most this many, each at most this big. */
const REMEMBERED_SESSIONS = 512;
const REMEMBERED_PAYLOAD_CHARS = 256 * 1024;

/** The open duration `durationMs` asks for (the default if absent); InvalidArgumentError if out of range. */
export function checkOpenDuration(durationMs: number | undefined): number {
  const duration = durationMs ?? DEFAULT_OPEN_DURATION_MS;
  if (!Number.isFinite(duration) || duration <= 0 || duration > MAX_OPEN_DURATION_MS)
    throw new InvalidArgumentError(
      `invalid open duration: use more than 0 and at most ${MAX_OPEN_DURATION_MS / 3_600_000}h`,
    );
  return duration;
}

/** How often a process removes expired sessions from the store (on its next open, not a timer). */
export const SESSION_SWEEP_INTERVAL_MS = 5 * 60 * 1000;
const SWEEP_PAGE = 100;

interface RememberedSession {
  readonly env: string;
  readonly revision: number;
  readonly openedBy: string;
  readonly expiresAt: number;
  readonly payload: string;
}

/**
 * Open sessions: an environment evaluated once and read by id until it expires (ESC's
 * `open` then `open/{id}`). Kept in the store, encrypted, so every server process over one store
 * reads the sessions any of them opened; an expired or unknown id is not found. A session never
 * changes once written, so the process that opened one also remembers it (bounded) and answers
 * its reads (as a client opening then reading does) without reading and decrypting it again.
 *
 * Ids start with the expiry time (12 hex digits of milliseconds, then 80 random bits), so the
 * store lists sessions in expiry order and a sweep reads only the expired ones. Every
 * `SESSION_SWEEP_INTERVAL_MS`, the next open also starts a sweep: sessions nobody reads again do
 * not pile up in the store.
 */
export class OpenSessions {
  private readonly remembered = new BoundedMap<RememberedSession>(REMEMBERED_SESSIONS);
  /** Environment JSON by opened value: reused opens (see OpenCache) hand back the same value. */
  private readonly payloads = new WeakMap<Value, string>();
  private lastSweep: number;

  constructor(
    private readonly documents: DocumentStore,
    private readonly keyring: SecretKeyring,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.lastSweep = now().getTime();
  }

  /** What a session of an opened `value` holds: its Environment JSON, secrets in plaintext. */
  payloadOf(value: Value | undefined): string {
    let payload = value === undefined ? undefined : this.payloads.get(value);
    if (payload === undefined) {
      payload = stringifyEscJson(toEscEnvironment(value, { redact: false }));
      if (value !== undefined) this.payloads.set(value, payload);
    }
    return payload;
  }

  async create(input: {
    env: EnvironmentKey;
    revision: number;
    openedBy: string;
    /** What reading the session returns (the opened environment, serialized). */
    payload: string;
    durationMs?: number | undefined;
  }): Promise<{ id: string; expiresAt: string }> {
    const duration = checkOpenDuration(input.durationMs);
    const time = this.now().getTime();
    const expires = time + duration;
    const id = expires.toString(16).padStart(12, '0') + randomHex(10);
    const expiresAt = new Date(expires).toISOString();
    const sealed = await this.keyring
      .encrypter(sessionKey(input.env))
      .encrypt(new TextEncoder().encode(input.payload));
    const record: SessionRecord = {
      env: formatEnvironmentKey(input.env),
      revision: input.revision,
      openedBy: input.openedBy,
      expiresAt,
      payload: Buffer.from(sealed).toString('base64'),
    };
    // A session lost to a power failure is opened again; it expires within a day anyway.
    await this.documents.putDocument(SESSIONS, id, record, null, { ephemeral: true });
    if (input.payload.length <= REMEMBERED_PAYLOAD_CHARS)
      this.remembered.set(id, {
        env: record.env,
        revision: input.revision,
        openedBy: input.openedBy,
        expiresAt: Date.parse(expiresAt),
        payload: input.payload,
      });
    if (time - this.lastSweep >= SESSION_SWEEP_INTERVAL_MS) {
      this.lastSweep = time;
      // In the background: a sweep that fails (the store away) is tried again next interval.
      this.sweepExpired().catch(() => undefined);
    }
    return { id, expiresAt };
  }

  /**
   * Forgets session `id` and removes it from the store, as best it can: a session left behind
   * cannot be read without its id, and expires.
   */
  async discard(id: string): Promise<void> {
    try {
      await this.remove(id);
    } catch {
      // The store is failing (as it may be when the open failed): the session expires.
    }
  }

  /** Forgets session `id` and deletes it from the store; false if the store had none to delete. */
  private async remove(id: string): Promise<boolean> {
    this.remembered.delete(id);
    const doc = await this.documents.getDocument(SESSIONS, id);
    return doc !== undefined && (await this.documents.deleteDocument(SESSIONS, id, doc.version));
  }

  /** Removes the expired sessions from the store; returns how many it removed. */
  async sweepExpired(): Promise<number> {
    const time = this.now().getTime();
    let removed = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.documents.listDocuments(SESSIONS, {
        limit: SWEEP_PAGE,
        ...(after === undefined ? {} : { after }),
      });
      for (const { id, value } of page.items) {
        // Ids are in expiry order: the first one still valid ends the sweep.
        if (Number.parseInt(id.slice(0, 12), 16) > time) return removed;
        const expiresAt = Date.parse((value as Partial<SessionRecord>).expiresAt ?? '');
        if (!(expiresAt <= time)) continue;
        if (await this.remove(id)) removed++;
      }
      if (page.next === undefined) return removed;
      after = page.next;
    }
  }

  /** The payload of session `id` of `env`; NotFoundError when unknown, expired or another env's. */
  async read(
    env: EnvironmentKey,
    id: string,
  ): Promise<{ payload: string; revision: number; openedBy: string }> {
    const missing = () => new NotFoundError(`open session ${id} not found or expired`);
    if (!/^[0-9a-f]{32}$/.test(id)) throw missing();
    const remembered = this.remembered.get(id);
    if (remembered !== undefined) {
      if (remembered.env !== formatEnvironmentKey(env)) throw missing();
      if (remembered.expiresAt > this.now().getTime())
        return {
          payload: remembered.payload,
          revision: remembered.revision,
          openedBy: remembered.openedBy,
        };
      // Expired: forget it, and let the store's copy be found expired and deleted below.
      this.remembered.delete(id);
    }
    const doc = await this.documents.getDocument(SESSIONS, id);
    const record = doc?.value as SessionRecord | undefined;
    if (doc === undefined || record === undefined || record.env !== formatEnvironmentKey(env))
      throw missing();
    if (Date.parse(record.expiresAt) <= this.now().getTime()) {
      await this.documents.deleteDocument(SESSIONS, id, doc.version);
      throw missing();
    }
    const plain = await this.keyring
      .decrypter(sessionKey(env))
      .decrypt(Buffer.from(record.payload, 'base64'));
    return {
      payload: new TextDecoder().decode(plain),
      revision: record.revision,
      openedBy: record.openedBy,
    };
  }
}

/** The keyring name sessions are encrypted under (`:` keeps it apart from any environment). */
function sessionKey(env: EnvironmentKey): EnvironmentKey {
  return { org: env.org, project: ':strata', name: 'open-sessions' };
}
