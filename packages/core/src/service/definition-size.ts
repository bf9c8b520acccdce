// The size limit on definitions written through the environments service: the rule lives here, so
// every host (the CLI, a server) enforces the same one on every write.

import { DefinitionTooLargeError, InvalidArgumentError } from '../errors.js';

/** The largest definition accepted unless a host sets another limit: 1 MiB of UTF-8. */
export const DEFAULT_MAX_DEFINITION_BYTES = 1024 * 1024;

/** Checks a `maxDefinitionBytes` option: a positive safe integer. */
export function checkDefinitionLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new InvalidArgumentError(
      `invalid definition size limit ${limit}: use a positive number of bytes`,
    );
  return limit;
}

/** Throws DefinitionTooLargeError when `definition` is larger than `limit` bytes of UTF-8. */
export function checkDefinitionSize(env: string, definition: string, limit: number): void {
  // A string of n UTF-16 units is at most 3n bytes of UTF-8 and at least n: count only when needed.
  if (definition.length * 3 <= limit) return;
  const bytes = Buffer.byteLength(definition, 'utf8');
  if (bytes > limit) throw new DefinitionTooLargeError(env, bytes, limit);
}
