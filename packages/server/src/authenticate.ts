import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts } from '@strata/core';
import { HttpError } from './http-errors.js';

export interface AuthFailureLimit {
  /** Failed authentications one address may make per window before it gets 429. */
  readonly max: number;
  readonly windowMs: number;
}

/**
 * The `onRequest` hook that turns `Authorization: token <t>` (or `Bearer <t>`) into the request's
 * principal. A missing or refused token is 401; an address that keeps failing is refused with 429
 * for the rest of its window, before its token is even looked at.
 */
export function createAuthenticator(
  accounts: Accounts,
  limit: AuthFailureLimit,
  now: () => number = Date.now,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const failures = new Map<string, { count: number; since: number }>();
  return async (request) => {
    const address = request.ip;
    const record = failures.get(address);
    const time = now();
    if (record !== undefined && time - record.since > limit.windowMs) failures.delete(address);
    const current = failures.get(address);
    if (current !== undefined && current.count >= limit.max)
      throw new HttpError(
        429,
        'too many failed authentications from this address; try again later',
      );
    const header = request.headers.authorization ?? '';
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
    try {
      if (match === null)
        throw new HttpError(401, 'this request needs an access token (Authorization: token <t>)');
      request.principal = await accounts.authenticate(match[1]!);
    } catch (error) {
      const entry = failures.get(address) ?? { count: 0, since: time };
      entry.count++;
      failures.set(address, entry);
      // Bound the table: an attacker rotating addresses must not grow it without end.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
      throw error;
    }
  };
}
