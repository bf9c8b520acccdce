// One request to a Strata server, written once for every client of it: the token header (a
// malformed token refused without being quoted), a connection failure said in one line (an
// untrusted TLS certificate with what to do), and the server's errors raised again as the classes
// of @strata/core that the server's core raised.

import { AuthenticationError, StoreIoError, errorFromJson, type ErrorJson } from '@strata/core';
import { authorizationHeader } from './authorization-header.js';

export interface ServerConnection {
  /** The server, `https://host[:port]`. */
  readonly url: string;
  /** An access token; absent in the web console, whose session cookie the browser sends. */
  readonly token?: string | undefined;
  /** Headers added to every request (the web console's CSRF token). */
  readonly headers?: (() => Record<string, string>) | undefined;
  /** `fetch` to use (Node's by default). */
  readonly fetch?: typeof fetch;
}

/** `fetch` against the server; a connection that fails is a StoreIoError saying why. */
export async function fetchServer(
  connection: Pick<ServerConnection, 'url' | 'fetch'>,
  path: string,
  init: RequestInit,
): Promise<Response> {
  const base = serverBase(connection);
  try {
    return await (connection.fetch ?? fetch)(`${base}${path}`, init);
  } catch (error) {
    const detail = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = detail?.code ?? detail?.message ?? String(error);
    const reason = isCertificateError(cause)
      ? `its TLS certificate is not trusted (${cause}); if a private CA signed it, set NODE_EXTRA_CA_CERTS to the CA's PEM file`
      : cause;
    throw new StoreIoError(`cannot reach the Strata server at ${base}: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * A JSON request with the connection's credentials. Answers the parsed body (its text when it is
 * not JSON; undefined when empty); a refusal throws what the server's core threw.
 */
export async function requestServer(
  connection: ServerConnection,
  method: string,
  path: string,
  body?: string,
): Promise<unknown> {
  // Built before the request: a malformed token is refused without being quoted.
  const auth: Record<string, string> =
    connection.token === undefined ? {} : { authorization: authorizationHeader(connection.token) };
  const response = await fetchServer(connection, path, {
    method,
    headers: {
      ...auth,
      'content-type': 'application/json',
      'user-agent': 'strata-client/0.1',
      ...connection.headers?.(),
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: { message?: string; error?: ErrorJson } | undefined;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as typeof json);
  } catch {
    json = undefined;
  }
  if (response.ok) return text === '' ? undefined : (json ?? text);
  const raised = json?.error === undefined ? undefined : errorFromJson(json.error);
  if (raised !== undefined) throw raised;
  const message = json?.message ?? `${response.status} ${response.statusText}`;
  if (response.status === 401) throw new AuthenticationError(message);
  throw new StoreIoError(
    `the Strata server at ${serverBase(connection)} answered ${response.status}: ${message}`,
  );
}

export function serverBase(connection: Pick<ServerConnection, 'url'>): string {
  return connection.url.replace(/\/+$/, '');
}

/** Node's codes for a certificate the client cannot verify (self-signed, unknown CA, wrong name). */
function isCertificateError(code: string): boolean {
  return /CERT|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}
