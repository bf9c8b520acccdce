// How the console's @strata/client clients (the environments service, the access client) reach
// the server this page came from: the session cookie authenticates (sent by the browser, same
// origin), the CSRF token rides along, and a 401 ends the session here.

import type { AccessClientOptions } from '@strata/client';
import { csrfToken, sessionEnded } from '../session-state.js';

export function consoleConnection(): AccessClientOptions {
  return {
    url: location.origin,
    headers: () => ({ 'x-strata-csrf': csrfToken() }),
    fetch: async (input, init) => {
      const response = await fetch(input, { ...init, credentials: 'same-origin' });
      if (response.status === 401) sessionEnded();
      return response;
    },
  };
}
