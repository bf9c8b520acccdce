import { orgOfAudience } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { login } from './login.command.js';
import { formatBackendUrl, isServer, parseBackendUrl } from '../backend/backend-url.js';
import { readConfig, writeConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { usageError } from '../cli-error.js';
import { defaultBackend } from '../session.js';
import { readSecretLine } from '../read-secret-line.js';
import { readInput } from '../command-helpers.js';
import { durationFlagMs } from '../duration-flag.js';

export async function execute(ctx: CommandContext<typeof login>): Promise<number> {
  const [url, ...extra] = ctx.positionals;
  if (extra.length > 0) throw usageError('too many arguments', 'usage: strata login [backend-url]');
  const spec = url === undefined ? defaultBackend(ctx.io) : parseBackendUrl(url, ctx.io.cwd);
  const config = await readConfig(ctx.io.env);
  if (isServer(spec)) {
    const env = ctx.io.env;
    const oidcToken = ctx.flags['oidc-token'];
    const token =
      (oidcToken === undefined ? undefined : await exchangeForToken(ctx, spec.url, oidcToken)) ??
      ctx.flags.token ??
      nonEmpty(env['STRATA_TOKEN']) ??
      nonEmpty(env['PULUMI_ACCESS_TOKEN']) ??
      (await readSecretLine(ctx.io, `Access token for ${spec.url}: `));
    if (token === undefined || token.trim() === '')
      throw usageError(
        'no access token given',
        'pass --token, set STRATA_TOKEN, or type it when asked (an admin creates it with strata token create or strata user add)',
      );
    // The token is checked before anything is stored: GET /api/user, as esc login does.
    const { createRemoteService } = await import('@strata/client');
    const remote = createRemoteService({
      url: spec.url,
      token: token.trim(),
      defaultOrg: 'default',
    });
    const who = await remote.whoami();
    const org = ctx.flags.org ?? who.organizations[0];
    await writeConfig(ctx.io.env, {
      backend: spec.url,
      token: token.trim(),
      user: who.login,
      ...(org === undefined ? {} : { org }),
    });
    ctx.out(
      `Logged in to ${spec.url} as ${who.login}${org === undefined ? '' : ` (organization ${org})`}\n`,
    );
    return EXIT.OK;
  }
  const user = ctx.flags.user ?? config.user;
  await writeConfig(ctx.io.env, {
    ...(url === undefined ? {} : { backend: formatBackendUrl(spec) }),
    ...(user === undefined ? {} : { user }),
  });
  ctx.out(`Logged in to ${formatBackendUrl(spec)}${user === undefined ? '' : ` as ${user}`}\n`);
  return EXIT.OK;
}

/** `--oidc-token`: the ID token (or the file holding it) exchanged at the server for a token. */
async function exchangeForToken(
  ctx: CommandContext<typeof login>,
  url: string,
  given: string,
): Promise<string> {
  const { 'oidc-team': team, 'oidc-user': user, 'oidc-expiration': expiration } = ctx.flags;
  if (ctx.flags.token !== undefined)
    throw usageError('--token and --oidc-token exclude each other', 'give one of them');
  if (team !== undefined && user !== undefined)
    throw usageError('--oidc-team and --oidc-user exclude each other', 'ask for one kind of token');
  const idToken = given.startsWith('file://')
    ? (
        await readInput({ ...ctx, flags: { 'max-definition-size': undefined } }, given.slice(7))
      ).trim()
    : given;
  const org = ctx.flags['oidc-org'] ?? orgOfIdToken(idToken) ?? ctx.flags.org;
  if (org === undefined)
    throw usageError(
      'which organization to exchange the OIDC token in?',
      'pass --oidc-org <org> (or use a token whose audience is urn:pulumi:org:<org>)',
    );
  const { exchangeOidcToken } = await import('@strata/client');
  const exchanged = await exchangeOidcToken({
    url,
    idToken,
    org,
    team,
    user,
    expirationSeconds:
      expiration === undefined ? undefined : Math.round(durationFlagMs(expiration) / 1000),
  });
  return exchanged.token;
}

/** The org of an ID token's `urn:pulumi:org:<org>` audience, as esc reads it. */
function orgOfIdToken(idToken: string): string | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { aud?: unknown };
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    for (const aud of audiences) {
      const org = typeof aud === 'string' ? orgOfAudience(aud) : undefined;
      if (org !== undefined) return org;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
