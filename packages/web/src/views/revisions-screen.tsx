// An environment's history: every revision with its author, time, tags and retraction; a diff
// between any two (`?compare=A..B`, so it has a URL); revision tags created, moved and deleted;
// rollback and retract. Each change says in a dialog what it will do before doing it.

import { useState } from 'preact/hooks';
import type { RevisionSummary, TagInfo } from '@strata/core';
import { api } from '../api/service.js';
import { envName, hrefOf, navigate, type EnvPath } from '../router.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { DiffView } from './diff-view.js';
import { FailureNotice } from './failure-notice.js';
import { formatTime } from './format-time.js';
import { TagsPanel } from './tags-panel.js';
import { useAsync } from './use-async.js';

async function allRevisions(name: string): Promise<RevisionSummary[]> {
  const all: RevisionSummary[] = [];
  let after: string | undefined;
  do {
    const page = await api().listRevisions(name, {
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    all.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return all.reverse();
}

async function allTags(name: string): Promise<TagInfo[]> {
  const all: TagInfo[] = [];
  let after: string | undefined;
  do {
    const page = await api().listTags(name, {
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    all.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return all;
}

type Pending =
  | { readonly kind: 'rollback'; readonly revision: number }
  | { readonly kind: 'retract'; readonly revision: number };

export function RevisionsScreen(props: {
  env: EnvPath;
  compare?: readonly [number, number] | undefined;
}) {
  const { env } = props;
  const name = envName(env);
  const revisions = useAsync(() => allRevisions(name), [name]);
  const tags = useAsync(() => allTags(name), [name]);
  const [pending, setPending] = useState<Pending | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const reload = () => {
    revisions.reload();
    tags.reload();
  };

  const list = revisions.data ?? [];
  const latest = list[0]?.number ?? 0;
  const [a, b] = props.compare ?? [Math.max(1, latest - 1), latest];
  const setCompare = (next: readonly [number, number]) =>
    navigate(hrefOf({ screen: 'revisions', env, compare: next }), {
      replace: true,
      keepScroll: true,
    });

  return (
    <div class="revisions-screen">
      {done !== undefined && (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
      {revisions.state === 'failed' && <FailureNotice error={revisions.error} retry={reload} />}
      {revisions.state === 'loading' && revisions.data === undefined && (
        <p aria-busy="true">Loading...</p>
      )}
      {list.length > 0 && (
        <table class="revisions">
          <caption>Revisions, newest first. Pick two to compare (A and B).</caption>
          <thead>
            <tr>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">Revision</th>
              <th scope="col">Author</th>
              <th scope="col">Saved</th>
              <th scope="col">Tags</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.number} class={r.retraction === null ? '' : 'retracted'}>
                <td>
                  <input
                    type="radio"
                    name="compare-a"
                    aria-label={`Compare from revision ${r.number}`}
                    checked={r.number === a}
                    onChange={() => setCompare([r.number, b])}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="compare-b"
                    aria-label={`Compare to revision ${r.number}`}
                    checked={r.number === b}
                    onChange={() => setCompare([a, r.number])}
                  />
                </td>
                <td>
                  {r.number}
                  {r.copiedFrom !== null && (
                    <span class="muted"> (rollback to {r.copiedFrom})</span>
                  )}
                  {r.retraction !== null && (
                    <span class="badge badge-retracted" title={r.retraction.reason}>
                      retracted
                    </span>
                  )}
                </td>
                <td>{r.author}</td>
                <td>
                  <time dateTime={r.createdAt}>{formatTime(r.createdAt)}</time>
                </td>
                <td>
                  {r.tags.map((t) => (
                    <span key={t} class="badge">
                      {t}
                    </span>
                  ))}
                </td>
                <td class="row-actions">
                  {r.number !== latest && r.retraction === null && (
                    <button
                      type="button"
                      onClick={() => setPending({ kind: 'rollback', revision: r.number })}
                    >
                      Roll back to {r.number}
                    </button>
                  )}
                  {r.retraction === null && r.number !== latest && (
                    <button
                      type="button"
                      onClick={() => setPending({ kind: 'retract', revision: r.number })}
                    >
                      Retract {r.number}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > 0 && <Comparison name={name} a={a} b={b} />}
      <TagsPanel
        name={name}
        tags={tags}
        revisions={list}
        onChanged={(message) => {
          setDone(message);
          reload();
        }}
      />
      {pending?.kind === 'rollback' && (
        <ConfirmDialog
          title={`Roll back to revision ${pending.revision}?`}
          confirm={`Roll back to ${pending.revision}`}
          onClose={() => setPending(undefined)}
          onConfirm={async () => {
            const written = await api().rollback(name, pending.revision, {
              basedOn: latest,
              actor: '',
            });
            setDone(
              `Rolled back: revision ${written.number} has the definition of revision ${pending.revision}.`,
            );
            reload();
          }}
        >
          <p>
            This saves a new revision, {latest + 1}, with the definition of revision{' '}
            {pending.revision}. Consumers of <code>{name}</code> (latest) get it at once; revision
            tags stay where they are.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'retract' && (
        <RetractDialog
          name={name}
          revision={pending.revision}
          revisions={list}
          onClose={() => setPending(undefined)}
          onDone={(message) => {
            setDone(message);
            reload();
          }}
        />
      )}
    </div>
  );
}

function Comparison(props: { name: string; a: number; b: number }) {
  const texts = useAsync(async () => {
    const [a, b] = await Promise.all([
      api().readDefinition(`${props.name}@${props.a}`),
      api().readDefinition(`${props.name}@${props.b}`),
    ]);
    return { a: a.definition, b: b.definition };
  }, [props.name, props.a, props.b]);
  return (
    <section class="comparison" aria-labelledby="compare-title">
      <h2 id="compare-title">
        Revision {props.a} compared with revision {props.b}
      </h2>
      {texts.state === 'failed' && <FailureNotice error={texts.error} retry={texts.reload} />}
      {texts.data !== undefined && (
        <DiffView
          before={texts.data.a}
          after={texts.data.b}
          beforeLabel={`revision ${props.a}`}
          afterLabel={`revision ${props.b}`}
        />
      )}
    </section>
  );
}

function RetractDialog(props: {
  name: string;
  revision: number;
  revisions: readonly RevisionSummary[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [replacement, setReplacement] = useState<string>('');
  const candidates = props.revisions.filter(
    (r) => r.number !== props.revision && r.retraction === null,
  );
  return (
    <ConfirmDialog
      title={`Retract revision ${props.revision}?`}
      confirm={`Retract ${props.revision}`}
      danger
      onClose={props.onClose}
      onConfirm={async () => {
        const done = await api().retractRevision(props.name, props.revision, {
          actor: '',
          ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
          ...(replacement === '' ? {} : { replacement: Number(replacement) }),
        });
        props.onDone(
          `Revision ${props.revision} is retracted${done.replacement === null ? '' : `; its tags now point at revision ${done.replacement}`}.`,
        );
      }}
    >
      <p>
        Revision {props.revision} can no longer be read or opened, by anyone. Tags pointing at it
        move to the replacement. The revision itself is kept, marked as withdrawn.
      </p>
      <label>
        Reason
        <input value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
      </label>
      <label>
        Replacement
        <select value={replacement} onChange={(event) => setReplacement(event.currentTarget.value)}>
          <option value="">the newest earlier revision (default)</option>
          {candidates.map((r) => (
            <option key={r.number} value={String(r.number)}>
              revision {r.number}
            </option>
          ))}
        </select>
      </label>
    </ConfirmDialog>
  );
}
