import type { CommandContext } from '../command.js';
import type { tokenCreate } from './token-create.command.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { remoteOf } from '../session.js';

export async function execute(ctx: CommandContext<typeof tokenCreate>): Promise<number> {
  if (ctx.positionals.length > 0) throw usageError('token create takes no arguments');
  const remote = remoteOf(await ctx.session(), 'strata token create');
  const expires = ctx.flags.expires;
  const created = await remote.createToken({
    name: ctx.flags.name ?? 'token',
    ...(expires === undefined ? {} : { expiresAt: new Date(Date.now() + durationMs(expires)) }),
  });
  if (ctx.output === 'json') {
    ctx.json({ id: created.id, token: created.token });
    return EXIT.OK;
  }
  ctx.err(`Created token ${created.id}; it is shown once, keep it secret:\n`);
  ctx.out(`${created.token}\n`);
  return EXIT.OK;
}

/** `30d`, `12h`, `90m`, `3600s`. */
function durationMs(text: string): number {
  const match = /^(\d{1,6})([dhms])$/.exec(text);
  if (match === null)
    throw usageError(
      `invalid duration ${JSON.stringify(text)}`,
      'use a number and d, h, m or s: 30d',
    );
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[
    match[2] as 'd' | 'h' | 'm' | 's'
  ];
  const ms = Number(match[1]) * unit;
  if (ms <= 0) throw usageError('a token must expire in the future', 'use a positive duration');
  return ms;
}
