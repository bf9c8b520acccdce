import { AuthenticationError } from '@strata/core';

/**
 * The `Authorization` header of a token. A token holding what no token holds (spaces, line
 * breaks, control characters: usually a bad copy) is refused here, before `fetch` would refuse it
 * with an error that quotes the whole header, token included.
 */
export function authorizationHeader(token: string): string {
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new AuthenticationError(
      'the access token is malformed: it holds spaces, line breaks or characters no token has (check how it was copied)',
    );
  return `token ${token}`;
}
