// An organization's access on the server this page came from, through @strata/client's access
// client (teams, grants, the default permission, team and organization tokens), with ESC's API
// shapes. The session cookie authenticates; the CSRF token rides along.

import { createAccessClient, type AccessClient } from '@strata/client';
import { csrfToken, sessionEnded } from '../session-state.js';

let client: AccessClient | undefined;

export function access(): AccessClient {
  client ??= createAccessClient({
    url: location.origin,
    headers: () => ({ 'x-strata-csrf': csrfToken() }),
    fetch: async (input, init) => {
      const response = await fetch(input, { ...init, credentials: 'same-origin' });
      if (response.status === 401) sessionEnded();
      return response;
    },
  });
  return client;
}
