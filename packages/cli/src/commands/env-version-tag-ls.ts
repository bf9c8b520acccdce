import type { CommandContext } from '../command.js';
import type { envVersionTagLs } from './env-version-tag-ls.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { formatTime, renderTable } from '../render/table.js';
import { allRevisions, allTags } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envVersionTagLs>): Promise<number> {
  const base = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'tag ls');
  maxArgs(ctx, 1);
  const session = await ctx.session();
  const { service } = session;
  const revisions = await allRevisions(service, base);
  const latest = revisions[revisions.length - 1];
  const rows: { name: string; revision: number; modified: string; editor: string }[] = [];
  if (latest !== undefined)
    rows.push({
      name: 'latest',
      revision: latest.number,
      modified: latest.createdAt,
      editor: latest.author,
    });
  for (const t of await allTags(service, base)) {
    const move = t.history[t.history.length - 1];
    rows.push({
      name: t.name,
      revision: t.revision,
      modified: move?.at ?? '',
      editor: move?.by ?? '<unknown>',
    });
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (ctx.output === 'json') {
    ctx.json(rows);
    return EXIT.OK;
  }
  ctx.out(
    renderTable(
      ['NAME', 'REVISION', 'MODIFIED', 'EDITOR'],
      rows.map((r) => [r.name, String(r.revision), formatTime(r.modified), r.editor]),
      [1],
    ),
  );
  return EXIT.OK;
}
