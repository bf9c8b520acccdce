// What a failure means to the person at the console: what happened and what to do about it. The
// service's errors arrive as @strata/core's classes (through @strata/client); the console's own
// calls fail with HttpFailure.

import {
  AuthenticationError,
  InvalidDefinitionError,
  NotFoundError,
  PermissionDeniedError,
  StoreConflictError,
  StoreIoError,
} from '@strata/core';
import { HttpFailure } from './http.js';

export type FailureKind =
  | 'connection'
  | 'session'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'server'
  | 'other';

export interface Failure {
  readonly kind: FailureKind;
  /** What happened, in a sentence. */
  readonly title: string;
  /** The server's own words, when it said something more precise. */
  readonly detail?: string | undefined;
  /** What to do now. */
  readonly action: string;
}

const KEPT = 'Your unsaved edits are kept in this tab.';

export function describeError(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof HttpFailure ? error.status : undefined;
  if (status === 0 || (error instanceof StoreIoError && /cannot reach/.test(message)))
    return {
      kind: 'connection',
      title: 'Lost the connection to the Strata server.',
      action: `Check your network (or ask whoever runs the server), then try again. ${KEPT}`,
    };
  if (error instanceof AuthenticationError || status === 401)
    return {
      kind: 'session',
      title: 'Your session has ended (it expired, or you signed out elsewhere).',
      action: `Sign in again with your access token to carry on. ${KEPT}`,
    };
  if (error instanceof PermissionDeniedError || status === 403)
    return {
      kind: 'forbidden',
      title: 'You do not have the permission this needs.',
      detail: message,
      action: 'Ask an admin of the organization to grant it to you or to one of your teams.',
    };
  if (error instanceof NotFoundError || status === 404)
    return {
      kind: 'not-found',
      title: 'Not found.',
      detail: message,
      action:
        'It may not exist, or you may not be allowed to see it: check the name, or ask an admin for access.',
    };
  if (error instanceof StoreConflictError || status === 409)
    return {
      kind: 'conflict',
      title: 'Someone else changed this first.',
      detail: message,
      action: 'Look at their change, then try again.',
    };
  if (error instanceof InvalidDefinitionError)
    return {
      kind: 'invalid',
      title: 'The definition has errors, so nothing was saved.',
      detail: message.split('\n')[0],
      action: 'Fix the errors marked in the editor, then save again.',
    };
  if ((status !== undefined && status >= 500) || error instanceof StoreIoError)
    return {
      kind: 'server',
      title: 'The server could not do this right now.',
      detail: message,
      action: `Try again in a moment. ${KEPT}`,
    };
  return { kind: 'other', title: message, action: 'Check what you entered, then try again.' };
}
