import { formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command-context.js';
import { maxArgs, readInput, refWithoutVersion, requireArg } from '../command-helpers.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { evaluateDefinition } from '../open-environment.js';
import { hasErrors, printDiagnostics } from '../print-diagnostics.js';

export async function execute(ctx: CommandContext): Promise<number> {
  const ref = refWithoutVersion(ctx, requireArg(ctx, 0, 'environment name'), 'init');
  maxArgs(ctx, 1);
  const file = ctx.stringFlag('file');
  const definition = file === undefined ? '' : await readInput(ctx, file);
  const session = await ctx.session();
  const env = session.service.parseRef(ref).env;
  if (definition !== '') {
    // Check before creating, so a definition with errors never becomes revision 1.
    const checked = await evaluateDefinition(session, env, definition);
    printDiagnostics(ctx, checked.diagnostics, { [checked.name]: definition });
    if (hasErrors(checked.diagnostics))
      throw new CliError(
        `the definition of ${checked.name} has errors; nothing was created`,
        'fix the errors above and run the command again',
        EXIT.INVALID,
      );
  }
  await session.service.createEnvironment(env, { actor: session.actor, definition });
  ctx.out(`Environment created: ${formatEnvironmentKey(env)}\n`);
  return EXIT.OK;
}
