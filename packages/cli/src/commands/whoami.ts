import type { CommandContext } from '../command.js';
import type { whoami } from './whoami.command.js';
import { formatBackendUrl } from '../backend/backend-url.js';
import { usageError } from '../cli-error.js';
import { readConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { resolveBackend, resolveIdentity } from '../session.js';

export async function execute(ctx: CommandContext<typeof whoami>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('whoami takes no arguments');
  const config = await readConfig(ctx.io.env);
  const { spec, source } = resolveBackend(ctx.io, config);
  const user = resolveIdentity(ctx.io, config);
  const org = ctx.flags.org ?? (ctx.io.env['STRATA_ORG'] || 'default');
  const backend = formatBackendUrl(spec);
  if (ctx.output === 'json') {
    ctx.json({ user, backend, backendSource: source, organization: org });
    return EXIT.OK;
  }
  ctx.out(`User: ${user}\nOrganization: ${org}\nBackend: ${backend}\n`);
  if (ctx.flags.verbose) {
    const from = { env: 'STRATA_BACKEND', config: 'strata login', default: 'the default' }[source];
    ctx.out(
      `Backend from: ${from}\nUser from: ${config.user === undefined ? 'the OS user' : 'strata login --user'}\n`,
    );
  }
  return EXIT.OK;
}
