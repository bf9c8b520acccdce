import type { CommandContext } from '../command.js';
import type { whoami } from './whoami.command.js';
import { formatBackendUrl, isServer } from '../backend/backend-url.js';
import { usageError } from '../cli-error.js';
import { readConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { remoteOf, resolveBackend, resolveIdentity } from '../session.js';

export async function execute(ctx: CommandContext<typeof whoami>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('whoami takes no arguments');
  const config = await readConfig(ctx.io.env);
  const { spec, source } = resolveBackend(ctx.io, config);
  const backend = formatBackendUrl(spec);
  if (isServer(spec)) {
    // Who the server says the token belongs to, not what was stored at login.
    const session = await ctx.session();
    const who = await remoteOf(session, 'strata whoami').whoami();
    if (ctx.output === 'json') {
      ctx.json({
        server: backend,
        user: who.login,
        organization: session.org,
        organizations: who.organizations,
        token: who.tokenName,
      });
      return EXIT.OK;
    }
    ctx.out(`Server: ${backend}\nUser: ${who.login}\nOrganization: ${session.org}\n`);
    if (ctx.flags.verbose)
      ctx.out(`Token: ${who.tokenName}\nOrganizations: ${who.organizations.join(', ')}\n`);
    return EXIT.OK;
  }
  const user = resolveIdentity(ctx.io, config);
  const org = ctx.flags.org ?? (ctx.io.env['STRATA_ORG'] || 'default');
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
