import type { CommandContext } from '../command.js';
import type { envVersion } from './env-version.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { formatTime } from '../render/table.js';
import { renderRevision, revisionJson } from '../render/revision.js';
import { allRevisions, requireVersion } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envVersion>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment and version (env@version)');
  maxArgs(ctx, 1);
  const { base, version } = requireVersion(ref, 'a version');
  const session = await ctx.session();
  const { service } = session;
  if (/^[0-9]/.test(version)) {
    const resolved = await service.resolve(ref);
    const revision = (await allRevisions(service, base)).find(
      (r) => r.number === resolved.revision,
    );
    if (revision === undefined) throw new Error(`revision ${resolved.revision} disappeared`);
    if (ctx.output === 'json') ctx.json(revisionJson(revision));
    else ctx.out(renderRevision(revision).replace(/\n\n$/, '\n'));
    return EXIT.OK;
  }
  const resolved = await service.resolve(ref);
  let at: string;
  let by: string;
  if (version === 'latest') {
    const latest = (await allRevisions(service, base)).find((r) => r.number === resolved.revision);
    at = latest?.createdAt ?? '';
    by = latest?.author ?? '<unknown>';
  } else {
    const tag = await service.getTag(base, version);
    const move = tag.history[tag.history.length - 1];
    at = move?.at ?? '';
    by = move?.by ?? '<unknown>';
  }
  if (ctx.output === 'json')
    ctx.json({ name: version, revision: resolved.revision, modified: at, editor: by });
  else
    ctx.out(
      `${version}\nRevision ${resolved.revision}\nLast updated at ${formatTime(at)} by ${by}\n`,
    );
  return EXIT.OK;
}
