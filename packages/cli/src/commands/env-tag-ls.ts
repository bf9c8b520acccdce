import type { CommandContext } from '../command.js';
import type { envTagLs } from './env-tag-ls.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { labelJson, renderLabel } from '../render/label.js';

export async function execute(ctx: CommandContext<typeof envTagLs>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'tag');
  maxArgs(ctx, 1);
  const session = await ctx.session();
  const info = await session.service.getEnvironment(ref);
  const names = Object.keys(info.labels).sort();
  if (ctx.output === 'json') {
    ctx.json(names.map((name) => labelJson(info, name)));
    return EXIT.OK;
  }
  for (const name of names) ctx.out(renderLabel(info, name));
  return EXIT.OK;
}
