// Every request the console makes outside @strata/client: same origin, the session cookie sent by
// the browser, the CSRF token on state-changing calls, JSON in and out. Failures become
// HttpFailure with the status and the server's one-line message; a request that never reached the
// server is status 0.

import { csrfToken, sessionEnded } from '../session-state.js';

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function http(method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-strata-csrf': csrfToken() }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new HttpFailure(0, 'cannot reach the server');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.ok) return json;
  const message = (json as { message?: unknown } | undefined)?.message;
  if (response.status === 401) sessionEnded();
  throw new HttpFailure(
    response.status,
    typeof message === 'string' ? message : `the server answered ${response.status}`,
  );
}
