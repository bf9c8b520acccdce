// `strata oidc publish --to DIR|s3://bucket/prefix`: write the discovery document and JWKS where
// AWS can fetch them.

import { localKeyring } from '../session.js';
import { resolve } from 'node:path';
import { issuerFiles, publishIssuer } from '@strata/providers-aws';
import { parseBackendUrl } from '../backend/backend-url.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../command.js';
import type { oidcPublish } from './oidc-publish.command.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { loadIssuer } from '../oidc/load-issuer.js';

export async function execute(ctx: CommandContext<typeof oidcPublish>): Promise<number> {
  maxArgs(ctx, 0);
  const to = ctx.flags.to;
  if (to === undefined || to === '')
    throw usageError(
      'missing --to',
      'give a directory or s3://bucket/prefix to write the issuer files to',
    );
  const isS3 = to.startsWith('s3://');
  if (!isS3 && /^[a-z][a-z0-9+.-]*:\/\//i.test(to))
    throw usageError(
      `cannot publish to ${to}`,
      'give a local directory or s3://bucket/prefix?region=...',
    );
  const location = isS3 ? parseBackendUrl(to, ctx.io.cwd) : undefined;
  const session = await ctx.session();
  const issuer = await loadIssuer(
    ctx.io,
    localKeyring(session, 'strata oidc publish'),
    session.org,
  );
  if (location?.scheme === 's3') {
    const { uploadIssuerFiles } = await import('../oidc/upload-issuer-files.js');
    const uploaded = await uploadIssuerFiles(location, issuerFiles(issuer));
    if (ctx.output === 'json') {
      ctx.json({ issuer: issuer.url, files: uploaded });
      return EXIT.OK;
    }
    for (const file of uploaded) ctx.out(`wrote ${file}\n`);
    ctx.out(
      `Serve the bucket at ${issuer.url} (so ${issuer.url}/.well-known/openid-configuration resolves)\n`,
    );
    return EXIT.OK;
  }
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
