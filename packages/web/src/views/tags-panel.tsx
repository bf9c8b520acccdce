// Revision tags of an environment: where each points and who moved it last; create one, move it
// to another revision, delete it, each after saying what consumers of `env@tag` will get.

import { useState } from 'preact/hooks';
import type { RevisionSummary, TagInfo } from '@strata/core';
import { api } from '../api/service.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { FailureNotice } from './failure-notice.js';
import { formatTime } from './format-time.js';
import type { Async } from './use-async.js';

type Pending =
  | { readonly kind: 'create'; readonly tag: string; readonly revision: number }
  | { readonly kind: 'move'; readonly tag: TagInfo; readonly revision: number }
  | { readonly kind: 'delete'; readonly tag: TagInfo };

export function TagsPanel(props: {
  name: string;
  tags: Async<TagInfo[]> & { reload: () => void };
  revisions: readonly RevisionSummary[];
  onChanged: (message: string) => void;
}) {
  const { name } = props;
  const [pending, setPending] = useState<Pending | undefined>();
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  const [newTag, setNewTag] = useState('');
  const [newRevision, setNewRevision] = useState('');
  const usable = props.revisions.filter((r) => r.retraction === null);
  const latest = usable[0]?.number;

  return (
    <section class="tags" aria-labelledby="tags-title">
      <h2 id="tags-title">Revision tags</h2>
      {props.tags.state === 'failed' && (
        <FailureNotice error={props.tags.error} retry={props.tags.reload} />
      )}
      {props.tags.data !== undefined && props.tags.data.length === 0 && (
        <p class="empty">No tags yet. Consumers pin a tag with {name}@tag.</p>
      )}
      {props.tags.data !== undefined && props.tags.data.length > 0 && (
        <table class="tag-table">
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Revision</th>
              <th scope="col">Last moved</th>
              <th scope="col">Move to</th>
              <th scope="col">
                <span class="visually-hidden">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.tags.data.map((tag) => {
              const last = tag.history[tag.history.length - 1];
              const target = moveTo[tag.name] ?? '';
              return (
                <tr key={tag.name}>
                  <th scope="row">{tag.name}</th>
                  <td>{tag.revision}</td>
                  <td>{last === undefined ? '' : `${last.by}, ${formatTime(last.at)}`}</td>
                  <td class="row-actions">
                    <select
                      aria-label={`Move ${tag.name} to revision`}
                      value={target}
                      onChange={(event) =>
                        setMoveTo({ ...moveTo, [tag.name]: event.currentTarget.value })
                      }
                    >
                      <option value="">revision...</option>
                      {usable
                        .filter((r) => r.number !== tag.revision)
                        .map((r) => (
                          <option key={r.number} value={String(r.number)}>
                            {r.number}
                          </option>
                        ))}
                    </select>
                    <button
                      type="button"
                      disabled={target === ''}
                      onClick={() => setPending({ kind: 'move', tag, revision: Number(target) })}
                    >
                      Move {tag.name}
                    </button>
                  </td>
                  <td>
                    <button type="button" onClick={() => setPending({ kind: 'delete', tag })}>
                      Delete {tag.name}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form
        class="inline-form"
        aria-label="Create a tag"
        onSubmit={(event) => {
          event.preventDefault();
          const revision = newRevision === '' ? latest : Number(newRevision);
          if (revision !== undefined && newTag.trim() !== '')
            setPending({ kind: 'create', tag: newTag.trim(), revision });
        }}
      >
        <label>
          New tag
          <input
            value={newTag}
            required
            autocomplete="off"
            placeholder="stable"
            onInput={(event) => setNewTag(event.currentTarget.value)}
          />
        </label>
        <label>
          at revision
          <select
            value={newRevision}
            onChange={(event) => setNewRevision(event.currentTarget.value)}
          >
            {usable.map((r, i) => (
              <option key={r.number} value={i === 0 ? '' : String(r.number)}>
                {r.number}
                {i === 0 ? ' (latest)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Create tag</button>
      </form>
      {pending?.kind === 'create' && (
        <ConfirmDialog
          title={`Create tag ${pending.tag}?`}
          confirm={`Create ${pending.tag}`}
          onClose={() => setPending(undefined)}
          onConfirm={async () => {
            await api().tagRevision(name, pending.tag, pending.revision, {
              actor: '',
              expect: null,
            });
            setNewTag('');
            props.onChanged(`Tag ${pending.tag} now points at revision ${pending.revision}.`);
          }}
        >
          <p>
            <code>
              {name}@{pending.tag}
            </code>{' '}
            will open revision {pending.revision}.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'move' && (
        <ConfirmDialog
          title={`Move ${pending.tag.name} to revision ${pending.revision}?`}
          confirm={`Move ${pending.tag.name}`}
          onClose={() => setPending(undefined)}
          onConfirm={async () => {
            await api().tagRevision(name, pending.tag.name, pending.revision, {
              actor: '',
              expect: pending.tag.revision,
            });
            props.onChanged(
              `Tag ${pending.tag.name} moved from revision ${pending.tag.revision} to ${pending.revision}.`,
            );
          }}
        >
          <p>
            Everyone opening{' '}
            <code>
              {name}@{pending.tag.name}
            </code>{' '}
            gets revision {pending.revision} instead of {pending.tag.revision}, from now on.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete tag ${pending.tag.name}?`}
          confirm={`Delete ${pending.tag.name}`}
          danger
          onClose={() => setPending(undefined)}
          onConfirm={async () => {
            await api().untagRevision(name, pending.tag.name, { actor: '' });
            props.onChanged(`Tag ${pending.tag.name} is deleted.`);
          }}
        >
          <p>
            Anything opening{' '}
            <code>
              {name}@{pending.tag.name}
            </code>{' '}
            (now revision {pending.tag.revision}) will fail until the tag exists again.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
