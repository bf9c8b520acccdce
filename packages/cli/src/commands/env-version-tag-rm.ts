import type { CommandContext } from '../command.js';
import type { envVersionTagRm } from './env-version-tag-rm.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { requireVersion } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envVersionTagRm>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment and tag (env@tag)');
  maxArgs(ctx, 1);
  const { base, version: tag } = requireVersion(ref, 'the tag to remove');
  const session = await ctx.session();
  await session.service.untagRevision(base, tag, { actor: session.actor });
  return EXIT.OK;
}
