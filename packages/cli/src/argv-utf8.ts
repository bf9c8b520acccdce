// Node decodes the command line as UTF-8 and turns bytes that are not UTF-8 into U+FFFD, so
// `strata env set app k $'\xff'` would store a replacement character. Arguments holding U+FFFD are
// checked against the bytes the process was started with (Linux: /proc/self/cmdline) and refused
// unless those bytes were a real U+FFFD; where the bytes cannot be read, U+FFFD is refused.

import { readFileSync } from 'node:fs';
import { usageError } from './cli-error.js';

const REPLACEMENT = '\uFFFD';

/** Throws a usage error naming the first argument (1-based, after `strata`) that was not UTF-8. */
export function refuseInvalidUtf8(argv: readonly string[], raw = rawArguments): void {
  const suspects = argv.flatMap((arg, i) => (arg.includes(REPLACEMENT) ? [i] : []));
  if (suspects.length === 0) return;
  const genuine = new Set(
    (raw() ?? []).flatMap((bytes) => {
      try {
        return [new TextDecoder('utf-8', { fatal: true }).decode(bytes)];
      } catch {
        return [];
      }
    }),
  );
  for (const i of suspects) {
    if (!genuine.has(argv[i] ?? ''))
      throw usageError(
        `argument ${i + 1} is not valid UTF-8; nothing was done`,
        'environments hold text: give it in UTF-8, or pass binary data base64-encoded (fn::fromBase64 decodes it)',
      );
  }
}

/** The process's arguments as the bytes it was given, where the system shows them. */
function rawArguments(): Buffer[] | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const bytes = readFileSync('/proc/self/cmdline');
    const out: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) {
        out.push(bytes.subarray(start, i));
        start = i + 1;
      }
    }
    return out;
  } catch {
    return undefined;
  }
}
