// An organization's audit log with ESC's shapes (access-control.md §4): GET
// /api/orgs/{org}/auditlogs (v1: startTime is an upper bound) and /auditlogs/v2 (startTime..endTime),
// filtered by eventFilter and userFilter, and their exports as CSV or JSON lines. Only the
// organization's admins read it (the core's AuthorizedService decides).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RECORDED_DETAILS, escEventName, type AuditEvent } from '@strata/core';
import { HttpError } from '../http-errors.js';
import type { ServerContext } from '../server-context.js';
import { intQuery, serviceFor } from './_request.js';

interface AuditQuery {
  continuationToken?: string;
  startTime?: string;
  endTime?: string;
  eventFilter?: string;
  userFilter?: string;
  format?: string;
  pageSize?: string;
}

const quiet = new Set(RECORDED_DETAILS);

function target(event: AuditEvent): string {
  const { org, project, name } = event.env;
  if (project === '*') return `organization ${org}`;
  return `${org}/${project}/${name}${event.revision === null ? '' : `@${event.revision}`}`;
}

function description(event: AuditEvent): string {
  const details = Object.entries(event.details)
    .filter(([k]) => !quiet.has(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${event.action} ${target(event)}${details === '' ? '' : ` (${details})`}`;
}

/** ESC's AuditLogEvent, with Strata's own fields after ESC's. */
function escEvent(event: AuditEvent) {
  const denied = event.details['outcome'] === 'denied';
  const { tokenId, token, sourceIP } = event.details;
  return {
    timestamp: Math.floor(Date.parse(event.at) / 1000),
    sourceIP: sourceIP ?? '',
    event: escEventName(event),
    description: description(event),
    user: { name: event.actor, githubLogin: event.actor, avatarUrl: '' },
    ...(tokenId === undefined ? {} : { tokenID: tokenId }),
    ...(token === undefined ? {} : { tokenName: token }),
    ...(event.env.project === '*' ? { reqOrgAdmin: true } : {}),
    ...(denied ? { authFailure: true } : {}),
    actorName: event.actor,
    id: event.id,
    time: event.at,
    action: event.action,
    outcome: denied ? 'denied' : 'allowed',
    ...(event.env.project === '*'
      ? {}
      : { environment: `${event.env.org}/${event.env.project}/${event.env.name}` }),
    ...(event.revision === null ? {} : { revision: event.revision }),
    details: event.details,
  };
}

/** A time parameter: Unix seconds (ESC) or ISO 8601. */
function timeOf(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = /^\d{1,12}$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 0)
    throw new HttpError(
      400,
      `invalid ${name} ${JSON.stringify(value)}: use Unix seconds or ISO 8601`,
    );
  return date.toISOString();
}

function csvCell(value: string): string {
  // Quoted always, and a leading formula character defused for spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function registerAuditLogRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** One page of events (v1: startTime bounds from above; v2: from below). */
  const page = async (
    request: FastifyRequest<{ Params: { org: string }; Querystring: AuditQuery }>,
    q: AuditQuery,
    version: 1 | 2,
    limit: number,
  ) => {
    const start = timeOf(q.startTime, 'startTime');
    const end = timeOf(q.endTime, 'endTime');
    const since = version === 2 ? start : end;
    const until = version === 2 ? end : start;
    // eventFilter names ESC's events or Strata's actions; the service fills the page with matches.
    const events =
      q.eventFilter === undefined || q.eventFilter === ''
        ? undefined
        : q.eventFilter.split(',').map((e) => e.trim());
    return await serviceFor(ctx, request).listAudit({
      org: request.params.org,
      limit,
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
      ...(q.continuationToken === undefined || q.continuationToken === ''
        ? {}
        : { after: q.continuationToken }),
      ...(q.userFilter === undefined || q.userFilter === '' ? {} : { actor: q.userFilter }),
      ...(events === undefined ? {} : { events }),
    });
  };

  for (const version of [1, 2] as const) {
    const base = `/api/orgs/:org/auditlogs${version === 2 ? '/v2' : ''}`;
    app.get<{ Params: { org: string }; Querystring: AuditQuery }>(base, async (request) => {
      const limit = Math.min(intQuery(request.query.pageSize, 'pageSize', 100), 1000) || 100;
      const { items, next } = await page(request, request.query, version, limit);
      return {
        auditLogEvents: items.map(escEvent),
        ...(next === undefined ? {} : { continuationToken: next }),
      };
    });
    app.get<{ Params: { org: string }; Querystring: AuditQuery }>(
      `${base}/export`,
      async (request, reply: FastifyReply) => {
        const format = request.query.format ?? 'csv';
        if (format !== 'csv' && format !== 'jsonl' && format !== 'json')
          throw new HttpError(400, `invalid format ${JSON.stringify(format)}: use csv or jsonl`);
        const lines: string[] = [];
        if (format === 'csv')
          lines.push(
            'Timestamp,Name,Login,Event,Description,SourceIP,RequireOrgAdmin,RequireStackAdmin,AuthenticationFailure,Environment,Revision,Outcome,TokenName',
          );
        let token = request.query.continuationToken;
        for (;;) {
          const { items, next } = await page(
            request,
            { ...request.query, continuationToken: token },
            version,
            1000,
          );
          for (const event of items) {
            const esc = escEvent(event);
            if (format === 'csv')
              lines.push(
                [
                  event.at,
                  event.actor,
                  event.actor,
                  esc.event,
                  esc.description,
                  esc.sourceIP,
                  String(esc.reqOrgAdmin === true),
                  'false',
                  String(esc.authFailure === true),
                  esc.environment ?? '',
                  event.revision === null ? '' : String(event.revision),
                  esc.outcome,
                  esc.tokenName ?? '',
                ]
                  .map(csvCell)
                  .join(','),
              );
            else lines.push(JSON.stringify(esc));
          }
          if (next === undefined) break;
          token = next;
        }
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
          .header(
            'content-disposition',
            `attachment; filename="auditlogs-${request.params.org}.${format === 'csv' ? 'csv' : 'jsonl'}"`,
          )
          .send(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
      },
    );
  }

  // Strata's check of the log's hash chains (for `strata audit verify` and monitoring).
  app.get<{ Params: { org: string } }>('/api/orgs/:org/auditlogs/verify', async (request) =>
    serviceFor(ctx, request).verifyAudit({ org: request.params.org }),
  );
}
