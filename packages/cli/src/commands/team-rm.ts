import type { CommandContext } from '../command.js';
import type { teamRm } from './team-rm.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof teamRm>): Promise<number> {
  const name = requireArg(ctx, 0, 'team name');
  maxArgs(ctx, 1);
  if (!ctx.flags.yes)
    throw usageError(
      `deleting team ${name} needs confirmation`,
      `rerun with --yes to delete ${name}, its grants and its tokens`,
    );
  const { client, org } = await accessOf(await ctx.session(), 'strata team rm');
  await client.deleteTeam(org, name);
  ctx.err(`Deleted team ${name}; its grants and tokens are gone.\n`);
  return EXIT.OK;
}
