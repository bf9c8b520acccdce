// `strata oidc show`: what AWS must be told about this org's issuer.

import type { CommandContext } from '../command.js';
import type { oidcShow } from './oidc-show.command.js';
import { maxArgs } from '../command-helpers.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { issuerPath, readIssuerRecord } from '../oidc/issuer-store.js';

export async function execute(ctx: CommandContext<typeof oidcShow>): Promise<number> {
  maxArgs(ctx, 0);
  const session = await ctx.session();
  const { org } = session;
  const record = await readIssuerRecord(ctx.io.env, org);
  if (record === undefined)
    throw new CliError(
      `org ${org} has no OIDC issuer`,
      'run `strata oidc init --issuer https://<where you publish>` first',
    );
  const info = {
    organization: org,
    issuer: record.issuer,
    algorithm: record.alg,
    keyId: record.kid,
    createdAt: record.createdAt,
    audience: org,
    subject: `strata:org/${org}:env/<project>/<env>`,
    keyFile: issuerPath(ctx.io.env, org),
  };
  if (ctx.output === 'json') {
    ctx.json(info);
    return EXIT.OK;
  }
  ctx.out(
    `Issuer:    ${info.issuer}\n` +
      `Key:       ${info.algorithm} ${info.keyId} (created ${info.createdAt})\n` +
      `Audience:  ${info.audience} (the default aud; the IAM identity provider's client ID)\n` +
      `Subject:   ${info.subject} (shaped by subjectAttributes)\n` +
      `Key file:  ${info.keyFile} (encrypted)\n`,
  );
  return EXIT.OK;
}
