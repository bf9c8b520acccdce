import type { CommandContext } from '../command.js';
import type { userLs } from './user-ls.command.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../render/table.js';
import { remoteOf } from '../session.js';

export async function execute(ctx: CommandContext<typeof userLs>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('user ls takes no arguments');
  const session = await ctx.session();
  const users = await remoteOf(session, 'strata user ls').listUsers(session.org);
  if (ctx.output === 'json') {
    ctx.json(users);
    return EXIT.OK;
  }
  ctx.out(
    renderTable(
      ['LOGIN', 'NAME', 'ROLE'],
      users.map((u) => [u.login, u.name, u.role]),
    ),
  );
  return EXIT.OK;
}
