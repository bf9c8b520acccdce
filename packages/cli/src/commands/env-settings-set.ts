import type { CommandContext } from '../command.js';
import type { envSettingsSet } from './env-settings-set.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof envSettingsSet>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'settings');
  const setting = requireArg(ctx, 1, 'setting name');
  const value = requireArg(ctx, 2, 'value');
  maxArgs(ctx, 3);
  if (setting !== 'deletion-protected')
    throw usageError(
      `unknown setting ${JSON.stringify(setting)}`,
      'the settings are: deletion-protected',
    );
  if (value !== 'true' && value !== 'false')
    throw usageError(
      `invalid value ${JSON.stringify(value)} for deletion-protected`,
      'use true or false',
    );
  const session = await ctx.session();
  await session.service.setDeletionProtection(ref, value === 'true', { actor: session.actor });
  ctx.out(`${value}\n`);
  return EXIT.OK;
}
