// Errors across the wire: a server sends a service error as JSON, its client raises the same
// class with the same message and fields, so a command prints the same thing local or remote.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as errors from '../errors.js';
import { InvalidDefinitionError, StrataError } from '../errors.js';

type ErrorClass = new (...args: never[]) => StrataError;

/** Every error class of errors.ts by name: what a server may send and its client raise again. */
const CLASSES: Readonly<Record<string, ErrorClass>> = Object.fromEntries(
  Object.entries(errors as Record<string, unknown>).filter(
    (entry): entry is [string, ErrorClass] =>
      typeof entry[1] === 'function' && entry[1].prototype instanceof StrataError,
  ),
);

/** The fields each class carries besides its message (all plain data). */
const FIELDS = [
  'env',
  'basedOn',
  'latest',
  'object',
  'revision',
  'reason',
  'replacement',
  'bytes',
  'limit',
  'definition',
  'path',
  'hint',
] as const;

export interface ErrorJson {
  readonly type: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly diagnostics?: readonly Diagnostic[];
}

/** A service error as JSON; undefined for anything that is not one (a bug, an I/O failure). */
export function errorToJson(error: unknown): ErrorJson | undefined {
  if (!(error instanceof StrataError) || CLASSES[error.name] === undefined) return undefined;
  const fields: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (value !== undefined) fields[field] = value;
  }
  return {
    type: error.name,
    message: error.message,
    fields,
    ...(error instanceof InvalidDefinitionError ? { diagnostics: error.diagnostics } : {}),
  };
}

/** The error a server sent, as the class it was; undefined when the JSON names no known class. */
export function errorFromJson(json: ErrorJson): StrataError | undefined {
  const Class = Object.hasOwn(CLASSES, json.type) ? CLASSES[json.type] : undefined;
  if (Class === undefined) return undefined;
  // Built with placeholder arguments (for its code and component), then given the server's message
  // and fields: constructors compose messages, and the server's is taken as it was.
  const error = Reflect.construct(Class, ['', 0, 0, '']) as StrataError & Record<string, unknown>;
  Object.defineProperty(error, 'message', { value: json.message, writable: true });
  for (const [field, value] of Object.entries(json.fields)) {
    if ((FIELDS as readonly string[]).includes(field))
      Object.defineProperty(error, field, { value, enumerable: true, writable: true });
  }
  if (json.diagnostics !== undefined) {
    Object.defineProperty(error, 'diagnostics', {
      value: json.diagnostics,
      enumerable: true,
      writable: true,
    });
  }
  // The stack is where the client raised it, under the server's message.
  const frames = (error.stack ?? '').split('\n').slice(1).join('\n');
  Object.defineProperty(error, 'stack', { value: `${json.type}: ${json.message}\n${frames}` });
  return error;
}
