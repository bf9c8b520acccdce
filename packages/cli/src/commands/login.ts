import type { CommandContext } from '../command.js';
import type { login } from './login.command.js';
import { formatBackendUrl, parseBackendUrl } from '../backend/backend-url.js';
import { readConfig, writeConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { usageError } from '../cli-error.js';
import { defaultBackend } from '../session.js';

export async function execute(ctx: CommandContext<typeof login>): Promise<number> {
  const [url, ...extra] = ctx.positionals;
  if (extra.length > 0) throw usageError('too many arguments', 'usage: strata login [backend-url]');
  const spec = url === undefined ? defaultBackend(ctx.io) : parseBackendUrl(url, ctx.io.cwd);
  const config = await readConfig(ctx.io.env);
  const user = ctx.flags.user ?? config.user;
  await writeConfig(ctx.io.env, {
    ...(url === undefined ? {} : { backend: formatBackendUrl(spec) }),
    ...(user === undefined ? {} : { user }),
  });
  ctx.out(`Logged in to ${formatBackendUrl(spec)}${user === undefined ? '' : ` as ${user}`}\n`);
  return EXIT.OK;
}
