// What an environment opens to, opened on the server: the values as `strata env open` prints them
// (secrets as [secret]), then `environmentVariables` and `files` as `strata run` hands them to a
// command. A user who may open the environment can reveal a secret, one at a time (each reveal is
// an open, and audited); others see the check only, and no reveal button.

import { useState } from 'preact/hooks';
import { fetchPreview } from '../api/preview.js';
import { formatPropertyPath } from '@strata/core';
import { envName, hrefOf, navigate, type EnvPath } from '../router.js';
import { FailureNotice } from './failure-notice.js';
import { useAsync } from './use-async.js';

export function PreviewScreen(props: { env: EnvPath; revision?: number | undefined }) {
  const name = envName(props.env);
  const preview = useAsync(
    () => fetchPreview({ env: name, revision: props.revision }),
    [name, props.revision],
  );
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [revealError, setRevealError] = useState<unknown>();

  const reveal = async (path: string) => {
    setRevealError(undefined);
    try {
      const answer = await fetchPreview({ env: name, revision: props.revision, reveal: [path] });
      const text = answer.revealed[path];
      if (text !== undefined) setRevealed((old) => ({ ...old, [path]: text }));
    } catch (error) {
      setRevealError(error);
    }
  };
  const hide = (path: string) =>
    setRevealed((old) => Object.fromEntries(Object.entries(old).filter(([p]) => p !== path)));

  if (preview.state === 'failed')
    return <FailureNotice error={preview.error} retry={preview.reload} />;
  const data = preview.data;
  if (data === undefined) return <p aria-busy="true">Opening...</p>;

  const secretButton = (path: string) =>
    !data.opened ? null : revealed[path] === undefined ? (
      <button
        type="button"
        class="reveal"
        onClick={() => void reveal(path)}
        aria-label={`Reveal ${path}`}
      >
        Reveal
      </button>
    ) : (
      <button type="button" class="reveal" onClick={() => hide(path)} aria-label={`Hide ${path}`}>
        Hide
      </button>
    );

  const shown = (path: string, redacted: string) => revealed[path] ?? redacted;
  // Variables and files have their own lists below, with their own reveal buttons.
  const secrets = data.secrets.filter((path) => !/^(environmentVariables|files)[.[]/.test(path));

  return (
    <div class="preview-screen">
      <div class="toolbar">
        <span>
          {data.revision === null ? 'Empty environment' : `Revision ${data.revision}`}
          {data.opened
            ? ', opened on the server'
            : ', checked only: you may read it but not open it'}
        </span>
        <label class="inline">
          Revision
          <input
            type="number"
            min={1}
            value={props.revision ?? ''}
            placeholder="latest"
            onChange={(event) => {
              const value = event.currentTarget.value;
              navigate(
                hrefOf({
                  screen: 'preview',
                  env: props.env,
                  revision: value === '' ? undefined : Number(value),
                }),
              );
            }}
          />
        </label>
        <button type="button" onClick={preview.reload}>
          Open again
        </button>
      </div>
      {!data.opened && (
        <p class="notice" role="status">
          Providers were not called and secrets stay hidden: opening this environment needs the open
          permission.
        </p>
      )}
      {revealError !== undefined && <FailureNotice error={revealError} />}
      {data.diagnostics.length > 0 && (
        <ul class="problems">
          {data.diagnostics.map((d, i) => (
            <li key={i} class={`problem problem-${d.severity ?? 'error'}`}>
              {d.path === undefined ? '' : `${d.path}: `}
              {d.summary}
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="values-title">
        <h2 id="values-title">Values</h2>
        <pre class="json" tabIndex={0}>
          {data.json}
        </pre>
        {secrets.length > 0 && (
          <table class="secrets">
            <caption>Secrets</caption>
            <tbody>
              {secrets.map((path) => (
                <tr key={path}>
                  <th scope="row">
                    <code>{path}</code>
                  </th>
                  <td>
                    <code class={revealed[path] === undefined ? 'secret' : 'revealed'}>
                      {shown(path, '[secret]')}
                    </code>
                  </td>
                  <td>{secretButton(path)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="vars-title">
        <h2 id="vars-title">Environment variables</h2>
        <p class="help">
          What <code>strata run {name} -- command</code> adds to the command's environment.
        </p>
        {data.environmentVariables.length === 0 ? (
          <p class="empty">None.</p>
        ) : (
          <table class="projected">
            <tbody>
              {data.environmentVariables.map((entry) => {
                const path = formatPropertyPath(['environmentVariables', entry.name]);
                return (
                  <tr key={entry.name}>
                    <th scope="row">
                      <code>{entry.name}</code>
                    </th>
                    <td>
                      <code class={entry.secret && revealed[path] === undefined ? 'secret' : ''}>
                        {shown(path, entry.value)}
                      </code>
                    </td>
                    <td>{entry.secret && secretButton(path)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        <p class="help">
          Each variable gets the path of a temporary file (mode 0600) holding this content, removed
          when the command ends.
        </p>
        {data.files.length === 0 ? (
          <p class="empty">None.</p>
        ) : (
          <dl class="files">
            {data.files.map((entry) => {
              const path = formatPropertyPath(['files', entry.name]);
              return (
                <div key={entry.name}>
                  <dt>
                    <code>${entry.name}</code> = path of a file holding{' '}
                    {entry.secret && secretButton(path)}
                  </dt>
                  <dd>
                    <pre class={entry.secret && revealed[path] === undefined ? 'secret' : ''}>
                      {shown(path, entry.value)}
                    </pre>
                  </dd>
                </div>
              );
            })}
          </dl>
        )}
      </section>
    </div>
  );
}
