import type { CommandContext } from '../command.js';
import type { oidcIssuerLs } from './oidc-issuer-ls.command.js';
import { accessOf } from '../access-session.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { issuerPolicy, listIssuers } from '../oidc/trusted-issuers.js';
import { renderTable } from '../render/table.js';

export async function execute(ctx: CommandContext<typeof oidcIssuerLs>): Promise<number> {
  maxArgs(ctx, 0);
  const { client, org } = await accessOf(await ctx.session(), 'strata oidc issuer ls');
  const issuers = await listIssuers(client, org);
  const rows = await Promise.all(
    issuers.map(async (issuer) => ({
      issuer,
      policies: (await issuerPolicy(client, org, issuer.id)).policies,
    })),
  );
  if (ctx.output === 'json') {
    ctx.json(rows.map(({ issuer, policies }) => ({ ...issuer, policies })));
    return EXIT.OK;
  }
  ctx.out(
    renderTable(
      ['NAME', 'ID', 'URL', 'KEYS', 'MAX TOKEN LIFE', 'POLICIES'],
      rows.map(({ issuer, policies }) => [
        issuer.name,
        issuer.id,
        issuer.url,
        issuer.jwks === undefined ? 'discovered' : 'static',
        `${Math.round(issuer.maxExpiration / 60)}m`,
        String(policies.length),
      ]),
    ),
  );
  return EXIT.OK;
}
