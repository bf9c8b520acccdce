import { CliError } from '../cli-error.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT } from '../exit-codes.js';

/** Turns any thrown error (core's StrataError classes by `code`) into a user-facing cause, hint and exit code. */
export function describeError(error: unknown): {
  message: string;
  hint?: string;
  exitCode: ExitCode;
} {
  if (error instanceof CliError) {
    return {
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      exitCode: error.exitCode,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  // Core's errors are matched by their stable `code`, so this file (loaded by every command,
  // --version included) does not load the core library.
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (code === 'STORE_CONFLICT')
    return {
      message,
      hint: 'someone else wrote first; nothing was stored. Read the latest and try again',
      exitCode: EXIT.CONFLICT,
    };
  if (code === 'NOT_FOUND')
    return {
      message,
      hint: 'list environments with `strata env ls`, revisions with `strata env version history <ref>`',
      exitCode: EXIT.NOT_FOUND,
    };
  if (code === 'REVISION_RETRACTED')
    return {
      message,
      hint: 'open another revision, or see `strata env version history <ref>`',
      exitCode: EXIT.REFUSED,
    };
  if (code === 'DELETION_PROTECTED')
    return {
      message,
      hint: 'turn it off with `strata env settings set <ref> deletion-protected false`',
      exitCode: EXIT.REFUSED,
    };
  if (code === 'ALREADY_EXISTS')
    return {
      message,
      hint: 'pick another name, or edit it with `strata env edit <ref>`',
      exitCode: EXIT.REFUSED,
    };
  if (code === 'DEFINITION_TOO_LARGE')
    return {
      message,
      hint: 'environments are meant to be small: split it with imports, or raise the limit with --max-definition-size (e.g. --max-definition-size 4MiB)',
      exitCode: EXIT.REFUSED,
    };
  if (code === 'PERMISSION_DENIED')
    return {
      message,
      hint: 'ask an admin of the environment for the permission named (they see who holds what with `strata env access ls <env>`)',
      exitCode: EXIT.REFUSED,
    };
  if (code === 'UNAUTHENTICATED')
    return {
      message,
      hint: 'log in again with a valid token: strata login <server> --token <token>',
      exitCode: EXIT.ERROR,
    };
  if (code === 'INVALID_ARGUMENT')
    return { message, hint: 'see `strata <command> --help`', exitCode: EXIT.USAGE };
  // The crypto layer's own hint, when it knows better (which master key, which KMS permission).
  const ownHint =
    error instanceof Error && 'hint' in error && typeof error.hint === 'string'
      ? error.hint
      : undefined;
  if (code === 'MASTER_KEY')
    return {
      message,
      hint:
        ownHint ??
        'set STRATA_MASTER_KEY to the 32-byte key (base64 or hex), a key file (file:///path) or a KMS key (awskms://alias/name?region=...), or fix the key file',
      exitCode: EXIT.KEY,
    };
  if (code === 'DECRYPT_FAILED')
    return {
      message,
      hint:
        ownHint ??
        'the master key is probably not the one these secrets were written with (check STRATA_MASTER_KEY; `strata keys status` shows which key wraps each data key)',
      exitCode: EXIT.KEY,
    };
  if (code === 'STORE_IO' || code === 'STORE_CORRUPT')
    return {
      message,
      hint: 'check the backend (`strata whoami`) is reachable and readable',
      exitCode: EXIT.BACKEND,
    };
  return { message, exitCode: EXIT.ERROR };
}

/** `error: <cause>` and `hint: <hint>` lines; the stack only with STRATA_DEBUG=1. */
export function renderError(
  error: unknown,
  debug: boolean,
  color: boolean,
): { text: string; exitCode: ExitCode } {
  const { message, hint, exitCode } = describeError(error);
  const red = (s: string): string => (color ? `\x1b[1;31m${s}\x1b[0m` : s);
  const dim = (s: string): string => (color ? `\x1b[2m${s}\x1b[0m` : s);
  let text = `${red('error:')} ${message.split('\n')[0] ?? ''}\n`;
  if (hint !== undefined) text += dim(`hint: ${hint}`) + '\n';
  if (debug) {
    let current: unknown = error;
    while (current instanceof Error) {
      text += `${current.stack ?? current.message}\n`;
      current = current.cause;
      if (current !== undefined) text += 'caused by: ';
    }
    if (current !== undefined && !(current instanceof Error))
      text += `${typeof current === 'string' ? current : JSON.stringify(current)}\n`;
  }
  return { text, exitCode };
}
