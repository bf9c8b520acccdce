import type { CommandContext } from '../command.js';
import type { tokenLs } from './token-ls.command.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../render/table.js';
import { remoteOf } from '../session.js';

export async function execute(ctx: CommandContext<typeof tokenLs>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('token ls takes no arguments');
  const tokens = await remoteOf(await ctx.session(), 'strata token ls').listTokens();
  if (ctx.output === 'json') {
    ctx.json(tokens);
    return EXIT.OK;
  }
  const when = (seconds: number): string =>
    seconds === 0 ? 'never' : new Date(seconds * 1000).toISOString();
  ctx.out(
    renderTable(
      ['ID', 'NAME', 'CREATED', 'LAST USED', 'EXPIRES'],
      tokens.map((t) => [t.id, t.name, t.created, when(t.lastUsed), when(t.expires)]),
    ),
  );
  return EXIT.OK;
}
