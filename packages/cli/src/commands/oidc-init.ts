// `strata oidc init`: make Strata an OIDC issuer for the org (signing key + issuer URL).

import { localKeyring } from '../session.js';
import { createSigningKey, encryptPrivateJwk, normalizeIssuerUrl } from '@strata/providers-aws';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../command.js';
import type { oidcInit } from './oidc-init.command.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { issuerPath, readIssuerRecord, writeIssuerRecord } from '../oidc/issuer-store.js';

export async function execute(ctx: CommandContext<typeof oidcInit>): Promise<number> {
  maxArgs(ctx, 0);
  const issuerFlag = ctx.flags.issuer;
  const algFlag = ctx.flags.alg;
  const force = ctx.flags.force;
  const session = await ctx.session();
  const { org } = session;
  const existing = await readIssuerRecord(ctx.io.env, org);

  let issuer: string | undefined;
  if (issuerFlag !== undefined) {
    try {
      issuer = normalizeIssuerUrl(issuerFlag);
    } catch (error) {
      throw usageError(
        (error as Error).message.replace(/^oidc: /, ''),
        'give the https URL AWS will fetch /.well-known/openid-configuration from',
      );
    }
  }

  if (existing !== undefined && !force) {
    // Keeping the key: only the URL may change (tokens already trusted stay valid).
    if (algFlag !== undefined && algFlag !== existing.alg)
      throw usageError(
        `the issuer key of org ${org} is ${existing.alg}`,
        'add --force to replace the key (publish it again and AWS picks it up)',
      );
    if (issuer === undefined || issuer === existing.issuer) {
      ctx.out(`Org ${org} already has an OIDC issuer: ${existing.issuer} (key ${existing.kid})\n`);
      return EXIT.OK;
    }
    await writeIssuerRecord(ctx.io.env, org, { ...existing, issuer });
    ctx.out(
      `Issuer URL of org ${org} set to ${issuer}\nPublish it: strata oidc publish --to <dir>\n`,
    );
    return EXIT.OK;
  }

  const url = issuer ?? existing?.issuer;
  if (url === undefined)
    throw usageError(
      'missing --issuer',
      'give the https URL the issuer will be published at, e.g. --issuer https://oidc.example.com/strata',
    );
  const key = await createSigningKey(algFlag ?? existing?.alg ?? 'ES256');
  await writeIssuerRecord(ctx.io.env, org, {
    issuer: url,
    alg: key.alg,
    kid: key.kid,
    createdAt: new Date().toISOString(),
    encryptedKey: await encryptPrivateJwk(
      localKeyring(session, 'strata oidc init'),
      org,
      key.privateJwk,
    ),
  });
  ctx.out(
    `Created the OIDC issuer of org ${org}\n` +
      `  issuer:  ${url}\n  key:     ${key.alg} ${key.kid} (encrypted in ${issuerPath(ctx.io.env, org)})\n` +
      `Publish it where AWS can fetch it: strata oidc publish --to <dir>\n`,
  );
  return EXIT.OK;
}
