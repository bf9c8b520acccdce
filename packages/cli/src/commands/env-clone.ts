import { formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envClone } from './env-clone.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof envClone>): Promise<number> {
  const source = refWithoutVersion(requireArg(ctx, 0, 'source environment'), 'clone');
  const targetText = refWithoutVersion(requireArg(ctx, 1, 'new environment name'), 'clone');
  maxArgs(ctx, 2);
  const session = await ctx.session();
  const { service, actor } = session;
  const from = service.parseRef(source).env;
  // A one-word target stays in the source's project, as esc does.
  const target = targetText.includes('/')
    ? service.parseRef(targetText).env
    : { ...from, name: targetText };
  await service.clone(from, target, {
    actor,
    preserveHistory: ctx.flags['preserve-history'],
    preserveRevisionTags: ctx.flags['preserve-rev-tags'],
    preserveEnvironmentTags: ctx.flags['preserve-env-tags'],
  });
  ctx.out(
    `Environment ${formatEnvironmentKey(from)} cloned into ${formatEnvironmentKey(target)}.\n`,
  );
  return EXIT.OK;
}
