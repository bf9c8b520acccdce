import type { EnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envLs } from './env-ls.command.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { allPages } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envLs>): Promise<number> {
  maxArgs(ctx, 0);
  const session = await ctx.session();
  const project = ctx.flags.project;
  const all = await allPages((page) =>
    session.service.listEnvironments({
      ...page,
      ...(project === undefined ? {} : { org: session.org, project }),
    }),
  );
  // The current org first, then the others by org (`acme` before `acme-2`), as esc lists them.
  const rank = (e: EnvironmentKey): [number, string, string] => [
    e.org === session.org ? 0 : 1,
    e.org,
    `${e.project}/${e.name}`,
  ];
  all.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || compare(x[1], y[1]) || compare(x[2], y[2]);
  });
  if (ctx.output === 'json') {
    ctx.json(all.map((e) => ({ organization: e.org, project: e.project, name: e.name })));
    return EXIT.OK;
  }
  // Environments of the current org print as project/name, as esc prints the user's own.
  for (const e of all)
    ctx.out(
      e.org === session.org ? `${e.project}/${e.name}\n` : `${e.org}/${e.project}/${e.name}\n`,
    );
  return EXIT.OK;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
