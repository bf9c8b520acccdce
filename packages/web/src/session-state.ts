// Who is signed in, held in memory only (never localStorage): the session itself is an HttpOnly
// cookie the page cannot read; the page keeps the CSRF token the server gave it and who the user
// is. Views subscribe to changes; a 401 anywhere marks the session ended without unmounting the
// screen, so unsaved edits stay where they are while the user signs in again.

export interface SignedIn {
  readonly login: string;
  readonly name: string;
  readonly organizations: readonly { readonly name: string; readonly role: string }[];
  readonly expiresAt: string;
  readonly csrf: string;
}

export type SessionState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'signed-out'; readonly reason?: string }
  | { readonly kind: 'signed-in'; readonly user: SignedIn }
  | { readonly kind: 'ended'; readonly user: SignedIn };

let state: SessionState = { kind: 'unknown' };
const listeners = new Set<(state: SessionState) => void>();

export function sessionState(): SessionState {
  return state;
}

export function setSessionState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener(state);
}

export function subscribeSession(listener: (state: SessionState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function csrfToken(): string {
  return state.kind === 'signed-in' || state.kind === 'ended' ? state.user.csrf : '';
}

/** A request was refused with 401: the session expired or was signed out elsewhere. */
export function sessionEnded(): void {
  if (state.kind === 'signed-in') setSessionState({ kind: 'ended', user: state.user });
}
