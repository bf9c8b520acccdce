import { formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envTagRm } from './env-tag-rm.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof envTagRm>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'tag');
  const name = requireArg(ctx, 1, 'tag name');
  maxArgs(ctx, 2);
  const session = await ctx.session();
  const info = await session.service.getEnvironment(ref);
  if (info.labels[name] === undefined)
    throw new CliError(
      `tag ${name} of ${formatEnvironmentKey(info.env)} not found`,
      'list tags with `strata env tag ls <ref>`',
      EXIT.NOT_FOUND,
    );
  await session.service.updateLabels(ref, { [name]: null }, { actor: session.actor });
  ctx.out(`Successfully deleted environment tag: ${name}\n`);
  return EXIT.OK;
}
