import type { ExitCode } from './exit-codes.js';
import { EXIT } from './exit-codes.js';

/** An error meant for the user: one line of cause, an optional hint, and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: ExitCode = EXIT.ERROR,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** A usage mistake: wrong arguments or flags. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, hint, EXIT.USAGE);
}
