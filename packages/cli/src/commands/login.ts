import type { CommandContext } from '../command.js';
import type { login } from './login.command.js';
import { formatBackendUrl, isServer, parseBackendUrl } from '../backend/backend-url.js';
import { readConfig, writeConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { usageError } from '../cli-error.js';
import { defaultBackend } from '../session.js';
import { readSecretLine } from '../read-secret-line.js';

export async function execute(ctx: CommandContext<typeof login>): Promise<number> {
  const [url, ...extra] = ctx.positionals;
  if (extra.length > 0) throw usageError('too many arguments', 'usage: strata login [backend-url]');
  const spec = url === undefined ? defaultBackend(ctx.io) : parseBackendUrl(url, ctx.io.cwd);
  const config = await readConfig(ctx.io.env);
  if (isServer(spec)) {
    const env = ctx.io.env;
    const token =
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

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
