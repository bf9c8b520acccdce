// `strata oidc policy set`: replace an issuer's policies with those of a YAML or JSON file, a list
// of ESC's AuthPolicyDefinition (decision, tokenType, teamName or userLogin, rules).

import { parse } from 'yaml';
import type { CommandContext } from '../command.js';
import type { oidcPolicySet } from './oidc-policy-set.command.js';
import { accessOf } from '../access-session.js';
import { usageError } from '../cli-error.js';
import { maxArgs, readInput, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { findIssuer, setIssuerPolicies } from '../oidc/trusted-issuers.js';

const EXAMPLE =
  'a list such as: - {decision: allow, tokenType: team, teamName: payments, rules: {sub: "repo:acme/payments:*"}}';

export async function execute(ctx: CommandContext<typeof oidcPolicySet>): Promise<number> {
  const nameOrId = requireArg(ctx, 0, 'issuer name or id');
  maxArgs(ctx, 1);
  const file = ctx.flags.file;
  if (file === undefined) throw usageError('missing -f <policies file>', EXAMPLE);
  const text = await readInput({ ...ctx, flags: { 'max-definition-size': undefined } }, file);
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw usageError(`${file} is not YAML or JSON: ${(error as Error).message}`, EXAMPLE);
  }
  const policies = Array.isArray(parsed)
    ? parsed
    : (parsed as { policies?: unknown } | null)?.policies;
  if (!Array.isArray(policies) || policies.length === 0)
    throw usageError(`${file} holds no list of policies`, EXAMPLE);
  const { client, org } = await accessOf(await ctx.session(), 'strata oidc policy set');
  const issuer = await findIssuer(client, org, nameOrId);
  const set = await setIssuerPolicies(client, org, issuer.id, policies);
  ctx.err(
    `Issuer ${issuer.name} of ${org} has ${set.policies.length} ${set.policies.length === 1 ? 'policy' : 'policies'} (version ${set.version}).\n`,
  );
  return EXIT.OK;
}
