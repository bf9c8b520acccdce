// `strata oidc publish --to DIR`: write the discovery document and JWKS for AWS to fetch.

import { resolve } from 'node:path';
import { publishIssuer } from '@strata/providers-aws';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { loadIssuer } from '../oidc/load-issuer.js';

export async function execute(ctx: CommandContext): Promise<number> {
  maxArgs(ctx, 0);
  const to = ctx.stringFlag('to');
  if (to === undefined || to === '')
    throw usageError('missing --to', 'give the directory to write the issuer files into');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(to))
    throw usageError(
      `cannot publish to ${to}: only a local directory is supported`,
      'publish to a directory and upload it (e.g. aws s3 sync DIR s3://bucket/prefix)',
    );
  const session = await ctx.session();
  const issuer = await loadIssuer(ctx.io, session.service.keyring, session.org);
  const dir = resolve(ctx.io.cwd, to);
  const written = await publishIssuer(issuer, dir);
  if (ctx.output === 'json') {
    ctx.json({ issuer: issuer.url, files: written });
    return EXIT.OK;
  }
  for (const file of written) ctx.out(`wrote ${file}\n`);
  ctx.out(
    `Serve ${dir} at ${issuer.url} (so ${issuer.url}/.well-known/openid-configuration resolves)\n`,
  );
  return EXIT.OK;
}
