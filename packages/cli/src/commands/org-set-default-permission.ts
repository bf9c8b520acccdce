import { parseEnvironmentPermission } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { orgSetDefaultPermission } from './org-set-default-permission.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export async function execute(
  ctx: CommandContext<typeof orgSetDefaultPermission>,
): Promise<number> {
  const text = requireArg(ctx, 0, 'permission');
  maxArgs(ctx, 1);
  let permission;
  try {
    permission = parseEnvironmentPermission(text);
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { client, org } = await accessOf(await ctx.session(), 'strata org set-default-permission');
  await client.setDefaultPermission(org, permission);
  ctx.err(
    `Members of ${org} now hold ${permission} on every environment, besides their teams' grants.\n`,
  );
  return EXIT.OK;
}
