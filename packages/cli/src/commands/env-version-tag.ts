import type { CommandContext } from '../command.js';
import type { envVersionTag } from './env-version-tag.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { requireVersion, resolveRevisionNumber } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envVersionTag>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment and tag (env@tag)');
  maxArgs(ctx, 2);
  const { base, version: tag } = requireVersion(ref, 'a name for the tagged version');
  if (/^[0-9]/.test(tag))
    throw usageError(
      'please specify a name for the tagged version',
      'tag names cannot start with a digit',
    );
  const session = await ctx.session();
  const { service } = session;
  const target = ctx.positionals[1] ?? 'latest';
  const revision = await resolveRevisionNumber(service, base, target);
  await service.tagRevision(base, tag, revision, { actor: session.actor });
  return EXIT.OK;
}
