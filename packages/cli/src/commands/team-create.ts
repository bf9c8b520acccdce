import type { CommandContext } from '../command.js';
import type { teamCreate } from './team-create.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof teamCreate>): Promise<number> {
  const name = requireArg(ctx, 0, 'team name');
  maxArgs(ctx, 1);
  const { client, org } = await accessOf(await ctx.session(), 'strata team create');
  const team = await client.createTeam(org, {
    name,
    ...(ctx.flags.description === undefined ? {} : { description: ctx.flags.description }),
    ...(ctx.flags['display-name'] === undefined ? {} : { displayName: ctx.flags['display-name'] }),
  });
  if (ctx.output === 'json') ctx.json(team);
  else ctx.err(`Created team ${team.name} in ${org}.\n`);
  return EXIT.OK;
}
