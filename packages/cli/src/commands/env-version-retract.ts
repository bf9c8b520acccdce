import type { CommandContext } from '../command.js';
import type { envVersionRetract } from './env-version-retract.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { requireVersion, resolveRevisionNumber } from '../version-ref.js';

export async function execute(ctx: CommandContext<typeof envVersionRetract>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment and revision (env@N)');
  maxArgs(ctx, 1);
  const { base, version } = requireVersion(ref, 'the revision to retract');
  const session = await ctx.session();
  const { service } = session;
  const revision = /^[0-9]+$/.test(version)
    ? Number(version)
    : await resolveRevisionNumber(service, base, version);
  if (!Number.isSafeInteger(revision) || revision < 1)
    throw usageError(`invalid revision ${version}`);
  const replaceWith = ctx.flags['replace-with'];
  const replacement =
    replaceWith === undefined ? undefined : await resolveRevisionNumber(service, base, replaceWith);
  const reason = ctx.flags.reason;
  await service.retractRevision(base, revision, {
    actor: session.actor,
    ...(reason === undefined ? {} : { reason }),
    ...(replacement === undefined ? {} : { replacement }),
  });
  return EXIT.OK;
}
