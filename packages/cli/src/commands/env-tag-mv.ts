import { formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envTagMv } from './env-tag-mv.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { CliError, usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { renderLabel } from '../render/label.js';

export async function execute(ctx: CommandContext<typeof envTagMv>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'tag');
  if (ctx.positionals.length < 3)
    throw usageError(
      `accepts 3 arg(s), received ${ctx.positionals.length}`,
      'usage: strata env tag mv <ref> <name> <new-name> [new-value]',
    );
  const name = requireArg(ctx, 1, 'tag name');
  const newName = requireArg(ctx, 2, 'new tag name');
  maxArgs(ctx, 4);
  const session = await ctx.session();
  const info = await session.service.getEnvironment(ref);
  const old = info.labels[name];
  if (old === undefined)
    throw new CliError(
      `tag ${name} of ${formatEnvironmentKey(info.env)} not found`,
      'list tags with `strata env tag ls <ref>`',
      EXIT.NOT_FOUND,
    );
  const value = ctx.positionals[3] ?? old;
  await session.service.updateLabels(
    ref,
    { [name]: null, [newName]: value },
    { actor: session.actor },
  );
  ctx.out(renderLabel(await session.service.getEnvironment(ref), newName));
  return EXIT.OK;
}
