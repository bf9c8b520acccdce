import type { CommandContext } from '../command.js';
import type { logout } from './logout.command.js';
import { formatBackendUrl } from '../backend/backend-url.js';
import { usageError } from '../cli-error.js';
import { readConfig, writeConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { defaultBackend } from '../session.js';

export async function execute(ctx: CommandContext<typeof logout>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('logout takes no arguments');
  const config = await readConfig(ctx.io.env);
  // A server's token and organization go with it; a user name chosen for stores stays.
  const keepUser = config.user !== undefined && config.token === undefined;
  await writeConfig(ctx.io.env, keepUser ? { user: config.user } : {});
  ctx.out(`Logged out; using the default backend ${formatBackendUrl(defaultBackend(ctx.io))}\n`);
  return EXIT.OK;
}
