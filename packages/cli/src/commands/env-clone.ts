import { formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command-context.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';
import { allRevisions, allTags } from '../version-ref.js';

export async function execute(ctx: CommandContext): Promise<number> {
  const source = refWithoutVersion(ctx, requireArg(ctx, 0, 'source environment'), 'clone');
  const targetText = refWithoutVersion(ctx, requireArg(ctx, 1, 'new environment name'), 'clone');
  maxArgs(ctx, 2);
  const session = await ctx.session();
  const { service, actor } = session;
  const from = service.parseRef(source).env;
  // A one-word target stays in the source's project, as esc does.
  const target = targetText.includes('/')
    ? service.parseRef(targetText).env
    : { ...from, name: targetText };
  // Secrets are bound to their environment's name, so they are decrypted and encrypted again.
  const definitionOf = async (number: number): Promise<string> =>
    (
      await service.readDefinition(await service.resolve(`${source}@${number}`), {
        showSecrets: true,
      })
    ).definition;
  const revisions = ctx.booleanFlag('preserve-history')
    ? (await allRevisions(service, source))
        .filter((r) => r.retraction === null)
        .map((r) => r.number)
    : [(await service.resolve(`${source}@latest`)).revision];
  // The source's revision numbers, and the numbers their copies got.
  const copies = new Map<number, number>();
  const [first, ...rest] = revisions;
  const created = await service.createEnvironment(target, {
    actor,
    definition: await definitionOf(first ?? 1),
  });
  copies.set(first ?? 1, created.number);
  let basedOn = created.number;
  for (const number of rest) {
    basedOn = (
      await service.updateDefinition(target, await definitionOf(number), { actor, basedOn })
    ).number;
    copies.set(number, basedOn);
  }
  if (ctx.booleanFlag('preserve-rev-tags')) {
    // A tag on a revision that was not copied (older than the latest, without
    // --preserve-history, or retracted) has nowhere to point, and stays behind.
    for (const tag of await allTags(service, source)) {
      const copy = copies.get(tag.revision);
      if (copy !== undefined) await service.tagRevision(target, tag.name, copy, { actor });
    }
  }
  if (ctx.booleanFlag('preserve-env-tags')) {
    const { labels } = await service.getEnvironment(source);
    if (Object.keys(labels).length > 0) await service.updateLabels(target, labels, { actor });
  }
  ctx.out(
    `Environment ${formatEnvironmentKey(from)} cloned into ${formatEnvironmentKey(target)}.\n`,
  );
  return EXIT.OK;
}
