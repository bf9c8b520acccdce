import type { CommandContext } from '../command.js';
import type { teamAddMember } from './team-add-member.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof teamAddMember>): Promise<number> {
  const team = requireArg(ctx, 0, 'team');
  const login = requireArg(ctx, 1, 'login');
  maxArgs(ctx, 2);
  const { client, org } = await accessOf(await ctx.session(), 'strata team add-member');
  await client.changeMember(org, team, 'add', login);
  if (ctx.flags.admin) await client.changeMember(org, team, 'promote', login);
  ctx.err(`Added ${login} to team ${team}${ctx.flags.admin ? ' as an admin' : ''}.\n`);
  return EXIT.OK;
}
