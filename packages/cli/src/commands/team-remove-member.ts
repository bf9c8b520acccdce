import type { CommandContext } from '../command.js';
import type { teamRemoveMember } from './team-remove-member.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof teamRemoveMember>): Promise<number> {
  const team = requireArg(ctx, 0, 'team');
  const login = requireArg(ctx, 1, 'login');
  maxArgs(ctx, 2);
  const { client, org } = await accessOf(await ctx.session(), 'strata team remove-member');
  await client.changeMember(org, team, 'remove', login);
  ctx.err(`Removed ${login} from team ${team}.\n`);
  return EXIT.OK;
}
