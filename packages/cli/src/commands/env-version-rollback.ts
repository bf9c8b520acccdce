import type { CommandContext } from '../command.js';
import type { envVersionRollback } from './env-version-rollback.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { formatEnvironmentKey } from '@strata/core';
import { EXIT } from '../exit-codes.js';
import { printDiagnostics, refusedDefinition } from '../render/diagnostics.js';
import { requireVersion } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envVersionRollback>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment and version (env@version)');
  maxArgs(ctx, 1);
  const { base } = requireVersion(ref, 'the version to roll back to');
  const session = await ctx.session();
  const { service } = session;
  const target = await service.resolve(ref);
  const latest = await service.resolve(`${base}@latest`);
  const name = formatEnvironmentKey(target.env);
  // The service checks the old definition as it reads today: an import it names may be gone.
  const written = await service
    .rollback(base, target.revision, { actor: session.actor, basedOn: latest.revision })
    .catch((error: unknown) =>
      refusedDefinition(
        ctx,
        error,
        `could not roll back ${name} to revision ${target.revision}: it has errors today; nothing was stored`,
        'fix what it depends on, or edit the definition with `strata env edit`',
      ),
    );
  const { definition } = await service.readDefinition(target);
  printDiagnostics(ctx, written.diagnostics, { [name]: definition });
  ctx.out('Environment updated.\n');
  return EXIT.OK;
}
