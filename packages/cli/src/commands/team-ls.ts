import type { CommandContext } from '../command.js';
import type { teamLs } from './team-ls.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../render/table.js';

export async function execute(ctx: CommandContext<typeof teamLs>): Promise<number> {
  maxArgs(ctx, 0);
  const { client, org } = await accessOf(await ctx.session(), 'strata team ls');
  const teams = await client.listTeams(org);
  if (ctx.output === 'json') {
    ctx.json(teams);
    return EXIT.OK;
  }
  ctx.out(
    renderTable(
      ['TEAM', 'MEMBERS', 'GRANTS'],
      teams.map((t) => [
        t.name,
        t.members
          .map((m) => (m.role === 'admin' ? `${m.githubLogin} (admin)` : m.githubLogin))
          .join(', '),
        t.environments.map((g) => `${g.projectName}/${g.envName}:${g.permission}`).join(', '),
      ]),
    ),
  );
  return EXIT.OK;
}
