// The environments service of the server this page came from, through @strata/client (the same
// client the CLI uses against a server): one request per service operation, errors raised again
// as @strata/core's classes. The session cookie authenticates; the CSRF token rides along.

import { createRemoteService, type RemoteService } from '@strata/client';
import { csrfToken, sessionEnded } from '../session-state.js';

let service: RemoteService | undefined;

export function api(): RemoteService {
  service ??= createRemoteService({
    url: location.origin,
    defaultOrg: '',
    headers: () => ({ 'x-strata-csrf': csrfToken() }),
    fetch: async (input, init) => {
      const response = await fetch(input, { ...init, credentials: 'same-origin' });
      if (response.status === 401) sessionEnded();
      return response;
    },
  });
  return service;
}
