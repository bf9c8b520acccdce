import type { CommandContext } from '../command.js';
import type { envSettingsGet } from './env-settings-get.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof envSettingsGet>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'settings');
  maxArgs(ctx, 2);
  const setting = ctx.positionals[1];
  if (setting !== undefined && setting !== 'deletion-protected')
    throw usageError(
      `unknown setting ${JSON.stringify(setting)}`,
      'the settings are: deletion-protected',
    );
  const session = await ctx.session();
  const info = await session.service.getEnvironment(ref);
  if (ctx.output === 'json') ctx.json({ 'deletion-protected': info.deletionProtected });
  else if (setting === undefined) ctx.out(`deletion-protected ${info.deletionProtected}\n`);
  else ctx.out(`${info.deletionProtected}\n`);
  return EXIT.OK;
}
