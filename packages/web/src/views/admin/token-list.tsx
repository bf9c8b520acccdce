// A list of tokens (never their values): name, created, last used, expiry, with revoke after a
// confirmation; and a form creating one, whose value is shown once.

import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../confirm-dialog.js';
import { FailureNotice } from '../failure-notice.js';
import { formatTime } from '../format-time.js';
import type { Async } from '../use-async.js';
import { ShownOnce } from './shown-once.js';

export interface ListedToken {
  readonly id: string;
  readonly name: string;
  readonly created: string;
  /** Unix seconds; 0 for never. */
  readonly lastUsed: number;
  readonly expires: number;
}

const seconds = (value: number) =>
  value === 0 ? 'never' : formatTime(new Date(value * 1000).toISOString());

export function TokenList(props: {
  title: string;
  tokens: Async<readonly ListedToken[]> & { reload: () => void };
  create: (input: { name: string; expires: number }) => Promise<{ token: string }>;
  revoke: (id: string) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<{ name: string; token: string } | undefined>();
  const [revoking, setRevoking] = useState<ListedToken | undefined>();
  const [error, setError] = useState<unknown>();

  const create = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const expires = days === '0' ? 0 : Math.floor(Date.now() / 1000) + Number(days) * 86_400;
      const made = await props.create({ name: name.trim(), expires });
      setCreated({ name: name.trim(), token: made.token });
      setName('');
      props.tokens.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.tokens.state === 'failed' && (
        <FailureNotice error={props.tokens.error} retry={props.tokens.reload} />
      )}
      {props.tokens.data !== undefined &&
        (props.tokens.data.length === 0 ? (
          <p class="empty">None.</p>
        ) : (
          <table class="tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span class="visually-hidden">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.data.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{formatTime(t.created)}</td>
                  <td>{seconds(t.lastUsed)}</td>
                  <td>{seconds(t.expires)}</td>
                  <td>
                    <button type="button" onClick={() => setRevoking(t)}>
                      Revoke {t.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {created !== undefined && (
        <ShownOnce
          label={`Token ${created.name} was created:`}
          token={created.token}
          onDone={() => setCreated(undefined)}
        />
      )}
      <form
        class="inline-form"
        aria-label={`New token: ${props.title}`}
        onSubmit={(event) => void create(event)}
      >
        <label>
          Token name
          <input
            value={name}
            required
            autocomplete="off"
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          Expires in
          <select value={days} onChange={(event) => setDays(event.currentTarget.value)}>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">a year</option>
            <option value="0">never</option>
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
      {error !== undefined && <FailureNotice error={error} />}
      {revoking !== undefined && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirm={`Revoke ${revoking.name}`}
          danger
          onClose={() => setRevoking(undefined)}
          onConfirm={async () => {
            await props.revoke(revoking.id);
            props.tokens.reload();
          }}
        >
          <p>Anything still using this token is refused from now on.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
