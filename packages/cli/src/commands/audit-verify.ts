import type { CommandContext } from '../command.js';
import type { auditVerify } from './audit-verify.command.js';
import { maxArgs } from '../command-helpers.js';
import { EXIT } from '../exit-codes.js';

export async function execute(ctx: CommandContext<typeof auditVerify>): Promise<number> {
  maxArgs(ctx, 0);
  const session = await ctx.session();
  // On a server: the session's organization (its admins may); on a store: every organization.
  const result = await session.service.verifyAudit(
    session.remote === undefined ? {} : { org: session.org },
  );
  if (ctx.output === 'json') ctx.json(result);
  else if (result.ok)
    ctx.out(
      `The audit log is intact: ${result.events} events in ${result.chains} chain${result.chains === 1 ? '' : 's'}` +
        `${result.unchained === 0 ? '' : ` (and ${result.unchained} written before chaining began)`}.\n`,
    );
  else {
    for (const p of result.problems)
      ctx.out(
        `${p.org}: ${p.event === undefined ? `chain ${p.chain}` : `event ${p.event}`} ${p.problem}\n`,
      );
    ctx.err(
      `error: the audit log was tampered with: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${result.events} events\n`,
    );
  }
  return result.ok ? EXIT.OK : EXIT.ERROR;
}
