import type { AccessClient } from '@strata/client';
import type { CliIo } from './cli-io.js';
import type { Session } from './session.js';
import { remoteOf, serverToken } from './session.js';

/**
 * The access API of the server this session is logged in to (teams, grants, tokens, audit, OIDC
 * issuers), for commands that administer an organization; a clear refusal on a store backend.
 */
export async function accessOf(
  io: CliIo,
  session: Session,
  command: string,
): Promise<{ client: AccessClient; org: string }> {
  const remote = remoteOf(session, command);
  const token = serverToken(io, session.config) ?? '';
  const { createAccessClient } = await import('@strata/client');
  return { client: createAccessClient({ url: remote.url, token }), org: session.org };
}
