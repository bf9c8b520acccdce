import type { CommandContext } from '../command.js';
import type { tokenRevoke } from './token-revoke.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { remoteOf } from '../session.js';

export async function execute(ctx: CommandContext<typeof tokenRevoke>): Promise<number> {
  const id = requireArg(ctx, 0, 'token id');
  maxArgs(ctx, 1);
  await remoteOf(await ctx.session(), 'strata token revoke').revokeToken(id);
  ctx.out(`Token ${id} revoked.\n`);
  return EXIT.OK;
}
