// The environments service of the server this page came from, through @strata/client (the same
// client the CLI uses against a server): one request per service operation, errors raised again
// as @strata/core's classes. The session cookie authenticates; the CSRF token rides along (see
// connection.ts).

import { createRemoteService, type RemoteService } from '@strata/client';
import { consoleConnection } from './connection.js';

let service: RemoteService | undefined;

export function api(): RemoteService {
  service ??= createRemoteService({ ...consoleConnection(), defaultOrg: '' });
  return service;
}
