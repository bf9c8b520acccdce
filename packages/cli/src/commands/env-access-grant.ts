import type { CommandContext } from '../command.js';
import type { envAccessGrant } from './env-access-grant.command.js';
import { accessOf } from '../access-session.js';
import { grantTarget } from '../access-target.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof envAccessGrant>): Promise<number> {
  const text = requireArg(ctx, 0, 'environment or project/*');
  maxArgs(ctx, 1);
  const { team, permission } = ctx.flags;
  if (team === undefined) throw usageError('which team?', 'add --team <team>');
  if (permission === undefined)
    throw usageError('which permission?', 'add --permission read, open, write or admin');
  const session = await ctx.session();
  const target = grantTarget(text, session.org);
  const { client } = await accessOf(session, 'strata env access grant');
  const done = await client.grant(target.org, team, {
    project: target.project,
    env: target.env,
    permission: permission,
  });
  ctx.err(
    `Team ${team} ${done === 'added' ? 'now holds' : 'holds instead'} ${permission} on ${target.org}/${target.project}/${target.env}.\n`,
  );
  return EXIT.OK;
}
