// The sign-in screen (`/sign-in?next=...`): after signing in, the screen that was asked for.

import { navigate } from '../router.js';
import { setSessionState } from '../session-state.js';
import { SignInForm } from './sign-in-form.js';

export function SignInScreen(props: { next: string; reason?: string | undefined }) {
  return (
    <main class="sign-in-screen" id="main">
      <h1>Sign in to Strata</h1>
      {props.reason !== undefined && (
        <p class="notice" role="status">
          {props.reason}
        </p>
      )}
      <SignInForm
        onSignedIn={(user) => {
          setSessionState({ kind: 'signed-in', user });
          navigate(props.next, { replace: true });
        }}
      />
    </main>
  );
}
