import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  AlreadyExistsError,
  AuthenticationError,
  DefinitionTooLargeError,
  DeletionProtectedError,
  InvalidArgumentError,
  InvalidDefinitionError,
  NotFoundError,
  errorToJson,
  PermissionDeniedError,
  RevisionRetractedError,
  StoreConflictError,
  StoreCorruptError,
  StoreIoError,
  toEscDiagnostic,
} from '@strata/core';

/** An HTTP failure with ESC's body, `{"code": <status>, "message": "..."}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Every failure as ESC's JSON error body, never a stack trace. The service's errors map to their
 * status; anything unexpected is a 500 whose details stay in the log.
 */
export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  storeName = 'the store',
): void {
  const { status, message, extra } = describe(error, storeName);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  // One line, of a size a client shows whole (a message may repeat a long URL).
  const line = message.replace(/\s+/g, ' ');
  const clipped = line.length > 300 ? `${line.slice(0, 297)}...` : line;
  // Strata's clients raise the service's error again from `error` (ESC's ignore it).
  const json = errorToJson(error);
  void reply.status(status).send({
    code: status,
    message: clipped,
    ...extra,
    ...(json === undefined ? {} : { error: json }),
  });
}

function describe(
  error: unknown,
  storeName: string,
): { status: number; message: string; extra?: object } {
  if (error instanceof HttpError)
    return { status: error.status, message: error.message, extra: error.extra };
  if (error instanceof InvalidDefinitionError)
    return {
      status: 400,
      message: error.message,
      extra: { diagnostics: error.diagnostics.map(toEscDiagnostic) },
    };
  if (error instanceof NotFoundError) return { status: 404, message: error.message };
  if (error instanceof AuthenticationError) return { status: 401, message: error.message };
  if (error instanceof PermissionDeniedError) return { status: 403, message: error.message };
  if (error instanceof StoreConflictError || error instanceof AlreadyExistsError)
    return { status: 409, message: error.message };
  if (
    error instanceof InvalidArgumentError ||
    error instanceof DeletionProtectedError ||
    error instanceof RevisionRetractedError
  )
    return { status: 400, message: error.message };
  if (error instanceof DefinitionTooLargeError) return { status: 413, message: error.message };
  if (error instanceof StoreIoError || error instanceof StoreCorruptError)
    return { status: 503, message: `${storeName} is unavailable: ${error.message}` };
  const fastify = error as Partial<FastifyError>;
  if (typeof fastify.statusCode === 'number' && fastify.statusCode < 500)
    return { status: fastify.statusCode, message: fastify.message ?? 'bad request' };
  return { status: 500, message: 'internal error; the server log has the details' };
}
