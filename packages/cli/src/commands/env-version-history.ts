import type { CommandContext } from '../command.js';
import type { envVersionHistory } from './env-version-history.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { renderRevision, revisionJson } from '../render/revision.js';
import { allRevisions, splitVersion } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envVersionHistory>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment name');
  maxArgs(ctx, 1);
  const { base, version } = splitVersion(ref);
  const session = await ctx.session();
  const { service } = session;
  const revisions = (await allRevisions(service, base)).reverse();
  let start = revisions[0]?.number ?? 0;
  if (version !== undefined && version !== 'latest') {
    // A retracted revision cannot be resolved, but history may still start at it.
    start = /^[0-9]+$/.test(version) ? Number(version) : (await service.resolve(ref)).revision;
  }
  const shown = revisions.filter((r) => r.number <= start);
  if (ctx.output === 'json') ctx.json(shown.map(revisionJson));
  else ctx.out(shown.map(renderRevision).join(''));
  return EXIT.OK;
}
