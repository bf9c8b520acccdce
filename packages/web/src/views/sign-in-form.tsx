// Signing in with an access token. The token lives in this form's input only until it is sent:
// it is never written to any storage, and the field is cleared whatever the answer.

import { useRef, useState } from 'preact/hooks';
import { describeError } from '../api/describe-error.js';
import { signIn } from '../api/session.js';
import type { SignedIn } from '../session-state.js';

export function SignInForm(props: { onSignedIn: (user: SignedIn) => void; intro?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const field = input.current;
    if (field === null) return;
    const token = field.value;
    field.value = '';
    if (token.trim() === '') {
      setError('Paste your access token (it starts with strata_p_).');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await signIn(token));
    } catch (failure) {
      const described = describeError(failure);
      setError(
        described.kind === 'connection'
          ? `${described.title} ${described.action}`
          : failure instanceof Error
            ? failure.message
            : described.title,
      );
      field.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sign-in" onSubmit={(event) => void submit(event)}>
      {props.intro !== undefined && <p>{props.intro}</p>}
      <label for="token">Access token</label>
      <input
        id="token"
        ref={input}
        type="password"
        name="token"
        autocomplete="off"
        spellcheck={false}
        placeholder="strata_p_..."
        aria-describedby="token-help"
        aria-invalid={error !== undefined}
        required
      />
      <p id="token-help" class="help">
        A personal token from <code>strata user add</code>, <code>strata token create</code> or an
        admin. It is exchanged for a session and not kept by this page.
      </p>
      {error !== undefined && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Signing in...' : 'Sign in'}
      </button>
    </form>
  );
}
