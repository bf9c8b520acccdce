import type { CommandContext } from '../command-context.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { requireVersion } from '../version-ref.js';

export async function execute(ctx: CommandContext): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment and version (env@version)');
  maxArgs(ctx, 1);
  const { base } = requireVersion(ref, 'the version to roll back to');
  const session = await ctx.session();
  const { service } = session;
  const target = await service.resolve(ref);
  const latest = await service.resolve(`${base}@latest`);
  await service.rollback(base, target.revision, { actor: session.actor, basedOn: latest.revision });
  ctx.out('Environment updated.\n');
  return EXIT.OK;
}
