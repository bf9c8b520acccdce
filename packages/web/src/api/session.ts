// Signing in and out of the console (`/api/console/session`, served by @strata/server).

import { HttpFailure, http } from './http.js';
import type { SignedIn } from '../session-state.js';

interface SessionAnswer extends SignedIn {
  readonly signedIn: boolean;
}

function signedIn(answer: unknown): SignedIn {
  const value = answer as Partial<SessionAnswer> | undefined;
  if (
    value?.signedIn !== true ||
    typeof value.login !== 'string' ||
    typeof value.csrf !== 'string' ||
    !Array.isArray(value.organizations)
  )
    throw new HttpFailure(500, 'the server answered the sign-in with something unexpected');
  return {
    login: value.login,
    name: value.name ?? value.login,
    organizations: value.organizations,
    expiresAt: value.expiresAt ?? '',
    csrf: value.csrf,
  };
}

/** Who is signed in, from the session cookie; undefined when nobody. */
export async function currentSession(): Promise<SignedIn | undefined> {
  const answer = (await http('GET', '/api/console/session')) as { signedIn?: boolean } | undefined;
  return answer?.signedIn === true ? signedIn(answer) : undefined;
}

/**
 * Exchanges an access token for a session: the token goes once, in the Authorization header of
 * this request, and is kept nowhere by the page.
 */
export async function signIn(token: string): Promise<SignedIn> {
  let response: Response;
  try {
    response = await fetch('/api/console/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { authorization: `token ${token.trim()}` },
    });
  } catch {
    throw new HttpFailure(0, 'cannot reach the server');
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (json as { message?: string } | undefined)?.message;
    throw new HttpFailure(
      response.status,
      response.status === 401
        ? 'That token was not accepted: it is wrong, expired or revoked, or not a personal token. Check it, or ask an admin for a new one.'
        : response.status === 429
          ? 'Too many failed sign-ins from this address: wait a minute, then try again.'
          : (message ?? `the server answered ${response.status}`),
    );
  }
  return signedIn(json);
}

/** Ends the session on the server (every tab and server process), then here. */
export async function signOut(): Promise<void> {
  await http('DELETE', '/api/console/session');
}
