// `strata oidc issuer add`: trust an issuer's ID tokens for token exchange (its policies decide
// what they may be exchanged for; a new issuer grants nothing).

import type { CommandContext } from '../command.js';
import type { oidcIssuerAdd } from './oidc-issuer-add.command.js';
import { accessOf } from '../access-session.js';
import { usageError } from '../cli-error.js';
import { maxArgs, readInput, requireArg } from '../command-helpers.js';
import { durationFlagMs } from '../duration-flag.js';
import { EXIT } from '../exit-codes.js';
import { addIssuer } from '../oidc/trusted-issuers.js';

export async function execute(ctx: CommandContext<typeof oidcIssuerAdd>): Promise<number> {
  const name = requireArg(ctx, 0, 'issuer name');
  const url = requireArg(ctx, 1, 'issuer URL');
  maxArgs(ctx, 2);
  const maxExpiration = ctx.flags['max-expiration'];
  const jwksFile = ctx.flags['jwks-file'];
  let jwks: unknown;
  if (jwksFile !== undefined) {
    const text = await readInput({ ...ctx, flags: { 'max-definition-size': undefined } }, jwksFile);
    try {
      jwks = JSON.parse(text);
    } catch {
      throw usageError(`${jwksFile} is not JSON`, 'give a JWKS: {"keys": [ ...public keys... ]}');
    }
  }
  const { client, org } = await accessOf(await ctx.session(), 'strata oidc issuer add');
  const issuer = await addIssuer(client, org, {
    name,
    url,
    ...(maxExpiration === undefined
      ? {}
      : { maxExpiration: Math.round(durationFlagMs(maxExpiration) / 1000) }),
    ...(jwks === undefined ? {} : { jwks }),
  });
  if (ctx.output === 'json') ctx.json(issuer);
  else
    ctx.err(
      `Organization ${org} trusts ${issuer.url} as ${issuer.name} (${issuer.id}).\n` +
        `It grants nothing yet: set its policies with strata oidc policy set ${issuer.name} -f <file>\n`,
    );
  return EXIT.OK;
}
