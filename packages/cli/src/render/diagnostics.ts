import type { Diagnostic } from '@strata/core';
import { InvalidDefinitionError, renderDiagnostics } from '@strata/core';
import type { CommandContext } from '../command.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

/**
 * Prints diagnostics to stderr with the source line and carets, the first fifty then a count of
 * the rest. `sources` maps a file name (`org/project/name`) to its text; diagnostics in other files
 * print without a source line.
 */
export function printDiagnostics(
  ctx: Pick<CommandContext, 'err' | 'color'>,
  diagnostics: readonly Diagnostic[],
  sources: Readonly<Record<string, string>>,
): void {
  ctx.err(renderDiagnostics(diagnostics, sources, { color: ctx.color.stderr }));
}

/**
 * When the service refused a definition for its errors (the write rule), prints them and fails
 * with `message` and `hint`; any other error is rethrown as it is.
 */
export function refusedDefinition(
  ctx: Pick<CommandContext, 'err' | 'color'>,
  error: unknown,
  message: string,
  hint: string,
): never {
  if (!(error instanceof InvalidDefinitionError)) throw error;
  printDiagnostics(ctx, error.diagnostics, { [error.env]: error.definition });
  throw new CliError(message, hint, EXIT.INVALID);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Throws the error for diagnostics that stop a command: a key problem when secrets did not
 * decrypt (the likely cause is the master key), else an invalid definition.
 */
export function failOnErrors(
  diagnostics: readonly Diagnostic[],
  message: string,
  hint: string,
): void {
  if (!hasErrors(diagnostics)) return;
  if (diagnostics.some((d) => /wrong master key|cannot decrypt/.test(d.summary))) {
    throw new CliError(
      `${message}: secrets do not decrypt`,
      'the master key is probably not the one these secrets were written with (check STRATA_MASTER_KEY)',
      EXIT.KEY,
    );
  }
  throw new CliError(message, hint, EXIT.INVALID);
}
