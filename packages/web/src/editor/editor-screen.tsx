// The definition of an environment, edited: checked on every keystroke in the page, saved with
// the revision the edits started from. When someone else saved first, their change is shown as a
// diff and the user merges by hand in the editor; the next save is based on their revision.
// Unsaved edits live in the drafts (src/drafts.ts) until saved or discarded.

import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  InvalidDefinitionError,
  StoreConflictError,
  type Diagnostic,
  type EnvironmentKey,
} from '@strata/core';
import { api } from '../api/service.js';
import { describeError } from '../api/describe-error.js';
import { getDraft, setDraft, type Draft } from '../drafts.js';
import { envName, hrefOf, type EnvPath } from '../router.js';
import type { SignedIn } from '../session-state.js';
import { DiffView } from '../views/diff-view.js';
import { FailureNotice } from '../views/failure-notice.js';
import { checkInBrowser } from './check-in-browser.js';
import { createImportLoader } from './import-loader.js';
import { YamlEditor, describeReference, type CheckedText } from './yaml-editor.js';
import type { ReferenceTarget } from './find-reference.js';

interface Loaded {
  readonly revision: number;
  readonly definition: string;
}

interface Conflict {
  readonly latest: number;
  readonly definition: string;
  readonly author: string;
}

type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly revision: number; readonly warnings: number }
  | { readonly kind: 'failed'; readonly error: unknown };

async function readLatest(env: EnvironmentKey): Promise<Loaded & { author: string }> {
  const content = await api().readDefinition(envName(env));
  return {
    revision: content.revision.number,
    definition: content.definition,
    author: content.revision.author,
  };
}

export function EditorScreen(props: { env: EnvPath; user: SignedIn }) {
  const { env, user } = props;
  const name = envName(env);
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [loadError, setLoadError] = useState<unknown>();
  const [draft, setLocalDraft] = useState<Draft | undefined>(() => getDraft(name));
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [checked, setChecked] = useState<CheckedText | undefined>();
  const [reference, setReference] = useState<ReferenceTarget | undefined>();
  const loader = useMemo(() => createImportLoader(env), [name]);

  const load = () => {
    setLoadError(undefined);
    readLatest(env).then(setLoaded, setLoadError);
  };
  useEffect(load, [name]);

  const text = draft?.text ?? loaded?.definition;
  const basedOn = draft?.basedOn ?? loaded?.revision;

  const edit = (next: string) => {
    if (loaded === undefined) return;
    const updated: Draft = draft ?? {
      text: next,
      basedOn: loaded.revision,
      base: loaded.definition,
    };
    const value = { ...updated, text: next };
    setDraft(name, value);
    setLocalDraft(value.text === value.base ? undefined : value);
    if (save.kind === 'saved') setSave({ kind: 'idle' });
  };

  const doSave = async () => {
    if (text === undefined || basedOn === undefined || save.kind === 'saving') return;
    setSave({ kind: 'saving' });
    try {
      const written = await api().updateDefinition(name, text, { basedOn, actor: user.login });
      // The stored text (secrets typed in plaintext are ciphertext now) replaces the edits.
      const latest = await readLatest(env).catch(() => undefined);
      setDraft(name, undefined);
      setLocalDraft(undefined);
      setConflict(undefined);
      setLoaded(latest ?? { revision: written.number, definition: text });
      setSave({
        kind: 'saved',
        revision: written.number,
        warnings: written.diagnostics.length,
      });
    } catch (error) {
      if (error instanceof StoreConflictError) {
        try {
          const latest = await readLatest(env);
          setConflict({
            latest: latest.revision,
            definition: latest.definition,
            author: latest.author,
          });
        } catch (failure) {
          setSave({ kind: 'failed', error: failure });
          return;
        }
        setSave({ kind: 'idle' });
        return;
      }
      setSave({ kind: 'failed', error });
    }
  };

  /** Merge by hand: the edits stay, and the next save is based on the other revision. */
  const keepMine = () => {
    if (conflict === undefined || text === undefined) return;
    const value: Draft = { text, basedOn: conflict.latest, base: conflict.definition };
    setDraft(name, value);
    setLocalDraft(value.text === value.base ? undefined : value);
    setLoaded({ revision: conflict.latest, definition: conflict.definition });
    setConflict(undefined);
  };

  const discard = (to?: Loaded) => {
    setDraft(name, undefined);
    setLocalDraft(undefined);
    setConflict(undefined);
    setSave({ kind: 'idle' });
    if (to !== undefined) setLoaded(to);
  };

  if (loadError !== undefined && text === undefined)
    return <FailureNotice error={loadError} retry={load} />;
  if (text === undefined || basedOn === undefined) return <p aria-busy="true">Loading...</p>;

  const errors = (checked?.check.diagnostics ?? []).filter(
    (d: Diagnostic) => d.severity === 'error',
  );
  const warnings = (checked?.check.diagnostics ?? []).length - errors.length;
  const dirty = draft !== undefined;

  return (
    <div class="editor-screen">
      <div class="toolbar">
        <span class="revision-note">
          {dirty ? `Unsaved edits, based on revision ${basedOn}` : `Revision ${basedOn}`}
        </span>
        <span class="check-status" role="status" aria-live="polite">
          {checked === undefined
            ? 'Checking...'
            : errors.length === 0
              ? warnings === 0
                ? 'No problems'
                : `${warnings} warning${warnings === 1 ? '' : 's'}`
              : `${errors.length} error${errors.length === 1 ? '' : 's'}`}
        </span>
        <div class="actions">
          {dirty && (
            <button type="button" onClick={() => discard()}>
              Discard edits
            </button>
          )}
          <button
            type="button"
            class="primary"
            onClick={() => void doSave()}
            disabled={save.kind === 'saving' || conflict !== undefined}
            aria-keyshortcuts="Control+S"
          >
            {save.kind === 'saving' ? 'Saving...' : 'Save'}
          </button>
        </div>
      </div>
      {save.kind === 'saved' && (
        <p class="notice notice-ok" role="status">
          Saved revision {save.revision}
          {save.warnings > 0 ? ` with ${save.warnings} warning(s)` : ''}.{' '}
          <a href={hrefOf({ screen: 'preview', env })}>Preview it</a> or{' '}
          <a href={hrefOf({ screen: 'revisions', env })}>tag it</a>.
        </p>
      )}
      {save.kind === 'failed' && <SaveFailure error={save.error} retry={() => void doSave()} />}
      {conflict !== undefined && (
        <section class="conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Revision {conflict.latest} was saved while you were editing</h2>
          <p>
            {conflict.author} saved revision {conflict.latest}; your edits started from revision{' '}
            {basedOn}. Their change is below. Bring what you want to keep of it into your text in
            the editor, then save: the save will be based on revision {conflict.latest}.
          </p>
          <DiffView
            before={draft?.base ?? loaded?.definition ?? ''}
            after={conflict.definition}
            beforeLabel={`revision ${basedOn} (yours started here)`}
            afterLabel={`revision ${conflict.latest} (theirs)`}
          />
          <div class="actions">
            <button type="button" class="primary" onClick={keepMine}>
              I will merge by hand: base my save on revision {conflict.latest}
            </button>
            <button
              type="button"
              onClick={() =>
                discard({ revision: conflict.latest, definition: conflict.definition })
              }
            >
              Drop my edits and load revision {conflict.latest}
            </button>
          </div>
        </section>
      )}
      <YamlEditor
        text={text}
        label={`Definition of ${name}`}
        check={(source) => checkInBrowser(env, source, loader, user.login)}
        onChange={edit}
        onChecked={setChecked}
        onSave={() => void doSave()}
        onReference={setReference}
      />
      <p class="reference-status" aria-live="polite">
        {reference === undefined ? '' : describeReference(reference)}
      </p>
      {errors.length + warnings > 0 && checked !== undefined && (
        <details class="problems" open={errors.length > 0}>
          <summary>Problems ({checked.check.diagnostics.length})</summary>
          <ul>
            {checked.check.diagnostics.map((d, i) => (
              <li key={i} class={`problem problem-${d.severity}`}>
                <span class="problem-where">
                  {d.range === undefined
                    ? ''
                    : d.range.filename === name
                      ? `line ${d.range.start.line}`
                      : d.range.filename}
                </span>{' '}
                {d.summary}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p class="help">
        Ctrl+S saves. Tab indents; press Esc then Tab to leave the editor. Hover a{' '}
        <code>{'${...}'}</code> reference, or put the cursor on it, to see where it points.
      </p>
    </div>
  );
}

function SaveFailure(props: { error: unknown; retry: () => void }) {
  const failure = describeError(props.error);
  if (props.error instanceof InvalidDefinitionError)
    return (
      <div class="notice notice-error" role="alert">
        <p class="notice-title">{failure.title}</p>
        <ul>
          {props.error.diagnostics
            .filter((d) => d.severity === 'error')
            .slice(0, 10)
            .map((d, i) => (
              <li key={i}>{d.summary}</li>
            ))}
        </ul>
        <p class="notice-action">{failure.action}</p>
      </div>
    );
  return (
    <FailureNotice
      error={props.error}
      retry={failure.kind === 'forbidden' ? undefined : props.retry}
    />
  );
}
