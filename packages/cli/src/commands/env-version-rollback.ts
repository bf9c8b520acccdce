import type { CommandContext } from '../command-context.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { evaluateDefinition } from '../open-environment.js';
import { hasErrors, printDiagnostics } from '../print-diagnostics.js';
import { requireVersion } from '../version-ref.js';

export async function execute(ctx: CommandContext): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment and version (env@version)');
  maxArgs(ctx, 1);
  const { base } = requireVersion(ref, 'the version to roll back to');
  const session = await ctx.session();
  const { service } = session;
  const target = await service.resolve(ref);
  const latest = await service.resolve(`${base}@latest`);
  // The old definition is checked as it reads today: an import it names may be gone since.
  const { definition } = await service.readDefinition(target);
  const checked = await evaluateDefinition(session, target.env, definition);
  printDiagnostics(ctx, checked.diagnostics, { [checked.name]: definition });
  if (hasErrors(checked.diagnostics))
    throw new CliError(
      `could not roll back ${checked.name} to revision ${target.revision}: it has errors today; nothing was stored`,
      'fix what it depends on, or edit the definition with `strata env edit`',
      EXIT.INVALID,
    );
  await service.rollback(base, target.revision, { actor: session.actor, basedOn: latest.revision });
  ctx.out('Environment updated.\n');
  return EXIT.OK;
}
