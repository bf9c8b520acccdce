import type { AuditEvent } from '@strata/core';
import { RECORDED_DETAILS, formatEnvironmentKey } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { audit } from './audit.command.js';
import { maxArgs } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { formatTime } from '../render/table.js';

export async function execute(ctx: CommandContext<typeof audit>): Promise<number> {
  maxArgs(ctx, 1);
  const ref = ctx.positionals[0];
  const sinceText = ctx.flags.since;
  let since: string | undefined;
  // A time after year 9999: no event can be that late.
  let afterEveryEvent = false;
  if (sinceText !== undefined) {
    const d = new Date(sinceText);
    if (Number.isNaN(d.getTime()))
      throw usageError(
        `invalid time ${JSON.stringify(sinceText)}`,
        'use ISO 8601, e.g. 2024-01-02 or 2024-01-02T03:04:05Z',
      );
    // Event times are ISO strings with four-digit years, compared as text: a later year prints as
    // `+010000-...`, which sorts before them all, so it is clamped (as is a year before 0).
    afterEveryEvent = d.getUTCFullYear() > 9999;
    since = d.getUTCFullYear() < 0 ? '0000-01-01T00:00:00.000Z' : d.toISOString();
  }
  let until: string | undefined;
  if (ctx.flags.until !== undefined) {
    const d = new Date(ctx.flags.until);
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 0 || d.getUTCFullYear() > 9999)
      throw usageError(
        `invalid time ${JSON.stringify(ctx.flags.until)}`,
        'use ISO 8601, e.g. 2024-01-02 or 2024-01-02T03:04:05Z',
      );
    until = d.toISOString();
  }
  const actions = ctx.flags.action
    ?.split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const limitText = ctx.flags.limit;
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw usageError('--limit must be 1 to 1000');
  const session = await ctx.session();
  if (ref !== undefined) await session.service.getEnvironment(ref); // a clear error for a missing environment
  const page = afterEveryEvent
    ? { items: [] }
    : await session.service.listAudit({
        ...(ref === undefined ? {} : { env: ref }),
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
        ...(ctx.flags.actor === undefined ? {} : { actor: ctx.flags.actor }),
        ...(actions === undefined || actions.length === 0 ? {} : { actions }),
        limit,
      });
  if (ctx.output === 'json') {
    ctx.json(page.items.map((e) => ({ ...e, env: formatEnvironmentKey(e.env) })));
    return EXIT.OK;
  }
  for (const e of page.items) ctx.out(line(e));
  return EXIT.OK;
}

/** Details every event of a server carries: shown with the actor, or only in JSON. */
const QUIET_DETAILS = new Set(RECORDED_DETAILS);

function line(e: AuditEvent): string {
  const details = Object.entries(e.details)
    .filter(([k]) => !QUIET_DETAILS.has(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const revision = e.revision === null ? '' : `@${e.revision}`;
  const token = e.details['token'];
  const actor = token === undefined ? e.actor : `${e.actor} (token ${JSON.stringify(token)})`;
  return `${formatTime(e.at)}  ${actor}  ${e.action.padEnd(8)}  ${formatEnvironmentKey(e.env)}${revision}${details === '' ? '' : `  ${details}`}\n`;
}
