import type { CommandContext } from '../command.js';
import type { envTag } from './env-tag.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { renderLabel } from '../render/label.js';

export async function execute(ctx: CommandContext<typeof envTag>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'tag');
  const name = requireArg(ctx, 1, 'tag name');
  const value = ctx.positionals[2];
  if (ctx.positionals.length !== 3 || value === undefined)
    throw usageError(
      `accepts 3 arg(s), received ${ctx.positionals.length}`,
      'usage: strata env tag <ref> <name> <value>',
    );
  maxArgs(ctx, 3);
  if (value === '') throw usageError('tag value cannot be empty');
  const session = await ctx.session();
  await session.service.updateLabels(ref, { [name]: value }, { actor: session.actor });
  ctx.out(renderLabel(await session.service.getEnvironment(ref), name));
  return EXIT.OK;
}
