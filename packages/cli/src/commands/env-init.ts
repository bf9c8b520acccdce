import { formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envInit } from './env-init.command.js';
import { maxArgs, readInput, refWithoutVersion, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { printDiagnostics, refusedDefinition } from '../render/diagnostics.js';

export async function execute(ctx: CommandContext<typeof envInit>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'init');
  maxArgs(ctx, 1);
  const file = ctx.flags.file;
  const definition = file === undefined ? '' : await readInput(ctx, file);
  const session = await ctx.session();
  const env = session.service.parseRef(ref).env;
  const name = formatEnvironmentKey(env);
  // The service checks first: a definition with errors never becomes revision 1.
  const created = await session.service
    .createEnvironment(env, { actor: session.actor, definition })
    .catch((error: unknown) =>
      refusedDefinition(
        ctx,
        error,
        `the definition of ${name} has errors; nothing was created`,
        'fix the errors above and run the command again',
      ),
    );
  printDiagnostics(ctx, created.diagnostics, { [name]: definition });
  ctx.out(`Environment created: ${name}\n`);
  return EXIT.OK;
}
