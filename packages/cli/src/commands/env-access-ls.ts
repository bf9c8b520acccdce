import type { CommandContext } from '../command.js';
import type { envAccessLs } from './env-access-ls.command.js';
import { accessOf } from '../access-session.js';
import { grantTarget } from '../access-target.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../render/table.js';

export async function execute(ctx: CommandContext<typeof envAccessLs>): Promise<number> {
  const text = requireArg(ctx, 0, 'environment');
  maxArgs(ctx, 1);
  const session = await ctx.session();
  const target = grantTarget(text, session.org);
  if (target.env === '*')
    throw usageError('name one environment', 'strata env access ls project/env');
  const { client } = await accessOf(session, 'strata env access ls');
  const entries = await client.whoHasAccess(target.org, target.project, target.env);
  if (ctx.output === 'json') {
    ctx.json(entries);
    return EXIT.OK;
  }
  ctx.out(
    renderTable(
      ['WHO', 'PERMISSION', 'WHY'],
      entries.map((e) => [
        e.subject === 'team'
          ? `team ${e.name}${e.members === undefined || e.members.length === 0 ? '' : ` (${e.members.join(', ')})`}`
          : e.subject === 'members'
            ? `members of ${e.name}`
            : e.name,
        e.permission,
        e.via,
      ]),
    ),
  );
  return EXIT.OK;
}
