import type { CommandContext } from '../command.js';
import type { tokenCreate } from './token-create.command.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { accessOf } from '../access-session.js';
import { durationFlagMs } from '../duration-flag.js';
import { remoteOf } from '../session.js';

export async function execute(ctx: CommandContext<typeof tokenCreate>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('token create takes no arguments');
  const session = await ctx.session();
  const remote = remoteOf(session, 'strata token create');
  const expires = ctx.flags.expires;
  const expiresAt =
    expires === undefined ? undefined : new Date(Date.now() + durationFlagMs(expires));
  const { team, organization, admin, description } = ctx.flags;
  if (team !== undefined && organization)
    throw usageError('a token is a team token or an organization token, not both');
  if (admin && !organization)
    throw usageError('--admin is for organization tokens', 'add --organization');
  let created: { id: string; token: string };
  if (team !== undefined || organization) {
    // Names of these are unique in the organization: no default name.
    const name = ctx.flags.name;
    if (name === undefined)
      throw usageError('name the token', 'add --name <name> (at most 40 characters)');
    const { client, org } = await accessOf(session, 'strata token create');
    const input = {
      name,
      ...(description === undefined ? {} : { description }),
      ...(expiresAt === undefined ? {} : { expires: Math.floor(expiresAt.getTime() / 1000) }),
    };
    created =
      team !== undefined
        ? await client.createTeamToken(org, team, input)
        : await client.createOrgToken(org, { ...input, admin });
  } else {
    created = await remote.createToken({
      name: ctx.flags.name ?? 'token',
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
  }
  if (ctx.output === 'json') {
    ctx.json({ id: created.id, token: created.token });
    return EXIT.OK;
  }
  ctx.err(`Created token ${created.id}; it is shown once, keep it secret:\n`);
  ctx.out(`${created.token}\n`);
  return EXIT.OK;
}
