// An organization's access on the server this page came from, through @strata/client's access
// client (teams, grants, the default permission, team and organization tokens), with ESC's API
// shapes. The session cookie authenticates; the CSRF token rides along (see connection.ts).

import { createAccessClient, type AccessClient } from '@strata/client';
import { consoleConnection } from './connection.js';

let client: AccessClient | undefined;

export function access(): AccessClient {
  client ??= createAccessClient(consoleConnection());
  return client;
}
