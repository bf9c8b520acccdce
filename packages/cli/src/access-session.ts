import type { AccessClient } from '@strata/client';
import type { Session } from './session.js';
import { remoteOf } from './session.js';

/**
 * The access API of the server this session is logged in to (teams, grants, tokens, audit, OIDC
 * issuers), for commands that administer an organization; a clear refusal on a store backend.
 */
export async function accessOf(
  session: Session,
  command: string,
): Promise<{ client: AccessClient; org: string }> {
  const remote = remoteOf(session, command);
  const { createAccessClient } = await import('@strata/client');
  return {
    client: createAccessClient({ url: remote.url, token: session.token ?? '' }),
    org: session.org,
  };
}
