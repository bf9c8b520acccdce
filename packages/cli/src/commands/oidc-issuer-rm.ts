import type { CommandContext } from '../command.js';
import type { oidcIssuerRm } from './oidc-issuer-rm.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { findIssuer, removeIssuer } from '../oidc/trusted-issuers.js';

export async function execute(ctx: CommandContext<typeof oidcIssuerRm>): Promise<number> {
  const nameOrId = requireArg(ctx, 0, 'issuer name or id');
  maxArgs(ctx, 1);
  const { client, org } = await accessOf(await ctx.session(), 'strata oidc issuer rm');
  const issuer = await findIssuer(client, org, nameOrId);
  await removeIssuer(client, org, issuer.id);
  ctx.err(`Organization ${org} no longer trusts ${issuer.url} (${issuer.name}).\n`);
  return EXIT.OK;
}
