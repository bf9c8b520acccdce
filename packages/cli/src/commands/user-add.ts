import type { CommandContext } from '../command.js';
import type { userAdd } from './user-add.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { remoteOf } from '../session.js';

export async function execute(ctx: CommandContext<typeof userAdd>): Promise<number> {
  const login = requireArg(ctx, 0, 'login');
  maxArgs(ctx, 1);
  const session = await ctx.session();
  const added = await remoteOf(session, 'strata user add').addUser({
    org: session.org,
    login,
    ...(ctx.flags.name === undefined ? {} : { name: ctx.flags.name }),
    ...(ctx.flags.role === undefined ? {} : { role: ctx.flags.role }),
  });
  if (ctx.output === 'json') {
    ctx.json(added);
    return EXIT.OK;
  }
  ctx.err(
    `Added ${added.login} to ${session.org} as ${added.role}. Their first token, shown once` +
      ` (they log in with: strata login <server> --token <token>):\n`,
  );
  ctx.out(`${added.token}\n`);
  return EXIT.OK;
}
