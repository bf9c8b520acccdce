// @strata/core's parser and evaluator use Node's `Buffer` (UTF-8 lengths, base64): the page gets
// the `buffer` package's, installed as the global before any check runs.
import { Buffer } from 'buffer';

/** Installs `Buffer` as a global if the page has none. */
export function installBufferGlobal(): void {
  const scope = globalThis as { Buffer?: unknown };
  scope.Buffer ??= Buffer;
}
