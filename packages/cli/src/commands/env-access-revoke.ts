import type { CommandContext } from '../command.js';
import type { envAccessRevoke } from './env-access-revoke.command.js';
import { accessOf } from '../access-session.js';
import { grantTarget } from '../access-target.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof envAccessRevoke>): Promise<number> {
  const text = requireArg(ctx, 0, 'environment or project/*');
  maxArgs(ctx, 1);
  const { team } = ctx.flags;
  if (team === undefined) throw usageError('which team?', 'add --team <team>');
  const session = await ctx.session();
  const target = grantTarget(text, session.org);
  const { client } = await accessOf(session, 'strata env access revoke');
  await client.revoke(target.org, team, { project: target.project, env: target.env });
  ctx.err(
    `Team ${team} no longer holds a grant on ${target.org}/${target.project}/${target.env}.\n`,
  );
  return EXIT.OK;
}
