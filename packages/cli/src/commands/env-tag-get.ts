import { formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envTagGet } from './env-tag-get.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { labelJson, renderLabel } from '../render/label.js';

export async function execute(ctx: CommandContext<typeof envTagGet>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'tag');
  const name = requireArg(ctx, 1, 'tag name');
  maxArgs(ctx, 2);
  const session = await ctx.session();
  const info = await session.service.getEnvironment(ref);
  const value = info.labels[name];
  if (value === undefined)
    throw new CliError(
      `tag ${name} of ${formatEnvironmentKey(info.env)} not found`,
      'list tags with `strata env tag ls <ref>`',
      EXIT.NOT_FOUND,
    );
  if (ctx.output === 'json') ctx.json(labelJson(info, name));
  else ctx.out(renderLabel(info, name));
  return EXIT.OK;
}
