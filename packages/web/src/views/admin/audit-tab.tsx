// The organization's audit log, newest first, filtered by environment, actor, action and time.
// The filters live in the URL (`/admin/<org>/audit?env=...&actor=...`), so a filtered view can be
// shared and the back button returns to the previous one.

import { useState } from 'preact/hooks';
import type { AuditEvent } from '@strata/core';
import { api } from '../../api/service.js';
import { hrefOf, navigate } from '../../router.js';
import { FailureNotice } from '../failure-notice.js';
import { formatTime } from '../format-time.js';
import { useAsync } from '../use-async.js';

const FIELDS = ['env', 'actor', 'action', 'since', 'until'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;

function parse(query: string): Filters {
  const params = new URLSearchParams(query);
  return Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Filters;
}

/** A `datetime-local` value (the reader's time) as an ISO time; '' stays ''. */
function iso(local: string): string {
  const time = Date.parse(local);
  return local === '' || Number.isNaN(time) ? '' : new Date(time).toISOString();
}

async function load(org: string, filters: Filters, after?: string) {
  const env = filters.env.trim();
  const page = await api().listAudit({
    limit: 200,
    ...(env === '' ? { org } : { env: env.split('/').length === 2 ? `${org}/${env}` : env }),
    ...(filters.since === '' ? {} : { since: iso(filters.since) }),
    ...(filters.until === '' ? {} : { until: iso(filters.until) }),
    ...(filters.actor.trim() === '' ? {} : { actor: filters.actor.trim() }),
    ...(filters.action.trim() === '' ? {} : { actions: [filters.action.trim()] }),
    ...(after === undefined ? {} : { after }),
  });
  return { items: page.items, next: page.next };
}

export function AuditTab(props: { org: string; filters: string }) {
  const applied = parse(props.filters);
  const [form, setForm] = useState<Filters>(applied);
  const [more, setMore] = useState<{ items: AuditEvent[]; next?: string | undefined }>();
  const [moreError, setMoreError] = useState<unknown>();
  const events = useAsync(() => {
    setMore(undefined);
    return load(props.org, applied);
  }, [props.org, props.filters]);

  const apply = (event: Event) => {
    event.preventDefault();
    const query = new URLSearchParams(
      FIELDS.flatMap((f) => (form[f].trim() === '' ? [] : [[f, form[f].trim()]])),
    ).toString();
    navigate(hrefOf({ screen: 'admin', org: props.org, tab: 'audit', filters: query }), {
      keepScroll: true,
    });
  };
  const next = more?.next ?? events.data?.next;
  const shown = [...(events.data?.items ?? []), ...(more?.items ?? [])];

  return (
    <div>
      <form class="inline-form audit-filters" aria-label="Filter the audit log" onSubmit={apply}>
        {(
          [
            ['env', 'Environment', 'project/name'],
            ['actor', 'Actor', 'login'],
            ['action', 'Action', 'write, open, tag...'],
          ] as const
        ).map(([field, label, placeholder]) => (
          <label key={field}>
            {label}
            <input
              value={form[field]}
              placeholder={placeholder}
              autocomplete="off"
              onInput={(event) => setForm({ ...form, [field]: event.currentTarget.value })}
            />
          </label>
        ))}
        {(
          [
            ['since', 'Since'],
            ['until', 'Until'],
          ] as const
        ).map(([field, label]) => (
          <label key={field}>
            {label}
            <input
              type="datetime-local"
              value={form[field]}
              onInput={(event) => setForm({ ...form, [field]: event.currentTarget.value })}
            />
          </label>
        ))}
        <button type="submit">Filter</button>
      </form>
      {events.state === 'failed' && <FailureNotice error={events.error} retry={events.reload} />}
      {events.data !== undefined && shown.length === 0 && (
        <p class="empty">No event matches these filters.</p>
      )}
      {shown.length > 0 && (
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Environment</th>
              <th scope="col">Revision</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.id} class={e.details['outcome'] === 'denied' ? 'denied' : ''}>
                <td>
                  <time dateTime={e.at}>{formatTime(e.at)}</time>
                </td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>
                  {e.env.project === '*' ? '(organization)' : `${e.env.project}/${e.env.name}`}
                </td>
                <td>{e.revision ?? ''}</td>
                <td class="details">
                  {Object.entries(e.details)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== undefined && (
        <button
          type="button"
          onClick={() => {
            setMoreError(undefined);
            load(props.org, applied, next).then(
              (page) =>
                setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next }),
              setMoreError,
            );
          }}
        >
          Load more
        </button>
      )}
      {moreError !== undefined && <FailureNotice error={moreError} />}
    </div>
  );
}
