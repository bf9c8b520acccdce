import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '../errors.js';
import type { DocumentStore } from '../store/documents.js';
import type { Accounts, Principal } from './accounts.js';

/** A console session lasts at most this long after sign-in, whatever happens. */
export const CONSOLE_SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** A console session unused for this long ends. */
export const CONSOLE_SESSION_IDLE_MS = 60 * 60 * 1000;
/**
 * How often a session in use checks again that its token is still valid (not revoked, not
 * expired, its user still there) and records that it was seen.
 */
export const CONSOLE_SESSION_RECHECK_MS = 60 * 1000;

/** A console session as its holder sees it (never its secret). */
export interface ConsoleSessionInfo {
  readonly login: string;
  /** The access token that signed in: what the session acts with and is recorded as. */
  readonly token: { readonly id: string; readonly name: string };
  readonly createdAt: string;
  /** ISO time the session ends at the latest (sign-in + 12 h, or the token's own expiry). */
  readonly expiresAt: string;
}

interface SessionRecord extends ConsoleSessionInfo {
  /** The principal as the token authenticated it at sign-in. */
  readonly principal: Principal;
  readonly lastSeenAt: string;
  /** When the token was last found valid. */
  readonly checkedAt: string;
}

const SESSIONS = 'console-sessions';
const SECRET = /^strata_s_[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Sessions of the web console. A personal access token, presented once at sign-in, is exchanged
 * for a random session secret (the browser keeps it in an HttpOnly cookie) and a CSRF token
 * derived from it (the page sends it back on every state-changing call). Sessions are documents
 * in the store, keyed by the secret's SHA-256, so every server process over one store knows them
 * and sign-out ends one everywhere. A session ends at sign-out, after an hour unused, twelve hours
 * after sign-in, when its token expires, or (within a minute) when its token is revoked.
 */
export class ConsoleSessions {
  private readonly now: () => Date;

  constructor(
    private readonly documents: DocumentStore,
    private readonly accounts: Accounts,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Opens a session for a caller its token authenticated; the secret and CSRF token are returned
   * once. Only personal tokens sign in: the console is for people, programs have their tokens.
   */
  async create(
    principal: Principal,
  ): Promise<{ secret: string; csrf: string; session: ConsoleSessionInfo }> {
    const token = (await this.accounts.listTokens(principal.login)).find(
      (t) => t.id === principal.token.id,
    );
    if (token === undefined)
      throw new AuthenticationError('sign in to the console with a personal access token');
    const now = this.now();
    let expires = now.getTime() + CONSOLE_SESSION_MAX_MS;
    if (token.expiresAt !== null) expires = Math.min(expires, Date.parse(token.expiresAt));
    const secret = `strata_s_${randomBytes(32).toString('base64url')}`;
    const record: SessionRecord = {
      login: principal.login,
      token: { id: principal.token.id, name: principal.token.name },
      principal: { ...principal },
      createdAt: now.toISOString(),
      expiresAt: new Date(expires).toISOString(),
      lastSeenAt: now.toISOString(),
      checkedAt: now.toISOString(),
    };
    if ((await this.documents.putDocument(SESSIONS, sha256(secret), record, null)) === null)
      throw new AuthenticationError('could not open a session; sign in again');
    return { secret, csrf: csrfOf(secret), session: info(record) };
  }

  /**
   * The principal a session secret stands for. Every refusal is the same AuthenticationError
   * (unknown, signed out, idle, expired, its token revoked); an ended session's document goes.
   */
  async authenticate(
    secret: string,
  ): Promise<{ principal: Principal; session: ConsoleSessionInfo }> {
    const refuse = (): never => {
      throw new AuthenticationError('your console session has ended; sign in again');
    };
    if (!SECRET.test(secret)) return refuse();
    const id = sha256(secret);
    const doc = await this.documents.getDocument(SESSIONS, id);
    if (doc === undefined) return refuse();
    const record = doc.value as SessionRecord;
    const now = this.now().getTime();
    const end = async (): Promise<never> => {
      await this.documents.deleteDocument(SESSIONS, id, doc.version);
      return refuse();
    };
    if (
      now >= Date.parse(record.expiresAt) ||
      now - Date.parse(record.lastSeenAt) >= CONSOLE_SESSION_IDLE_MS
    )
      return await end();
    if (now - Date.parse(record.checkedAt) >= CONSOLE_SESSION_RECHECK_MS) {
      const valid = await this.accounts
        .listTokens(record.login)
        .then((tokens) => tokens.some((t) => t.id === record.token.id))
        .catch(() => false);
      if (!valid) return await end();
      const at = new Date(now).toISOString();
      // Best effort: a lost race means another request of the same session recorded it.
      await this.documents.putDocument(
        SESSIONS,
        id,
        { ...record, lastSeenAt: at, checkedAt: at },
        doc.version,
        { ephemeral: true },
      );
    }
    return { principal: record.principal, session: info(record) };
  }

  /** True when `csrf` is the CSRF token of the session `secret` (compared in constant time). */
  checkCsrf(secret: string, csrf: string): boolean {
    const expected = Buffer.from(csrfOf(secret));
    const given = Buffer.from(csrf);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** The CSRF token of a session (for a page reloaded within it). */
  csrfOf(secret: string): string {
    return csrfOf(secret);
  }

  /** Ends a session (sign-out): from now on its secret is refused by every server process. */
  async revoke(secret: string): Promise<void> {
    if (!SECRET.test(secret)) return;
    const id = sha256(secret);
    for (let attempt = 0; attempt < 10; attempt++) {
      const doc = await this.documents.getDocument(SESSIONS, id);
      if (doc === undefined) return;
      if (await this.documents.deleteDocument(SESSIONS, id, doc.version)) return;
    }
  }
}

/** Derived from the secret, so a reloaded page can have it again without the page storing it. */
function csrfOf(secret: string): string {
  return createHash('sha256').update(`strata-console-csrf:${secret}`).digest('base64url');
}

function info(record: SessionRecord): ConsoleSessionInfo {
  return {
    login: record.login,
    token: record.token,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
}
