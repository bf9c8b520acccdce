import type { FastifyReply } from 'fastify';
import { stringifyEscJson } from '@strata/core';

/** Sends ESC-shaped JSON whose numbers keep their text (`1.50` stays `1.50`). */
export function sendEscJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.status(status).type('application/json').send(stringifyEscJson(body));
}
