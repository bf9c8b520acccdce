// The session ended while a screen was open: sign in again on top of it, keeping the screen (and
// its unsaved edits) as it is. A modal dialog: focus stays in it until signed in.

import { useEffect, useRef } from 'preact/hooks';
import { setSessionState } from '../session-state.js';
import { SignInForm } from './sign-in-form.js';

export function SessionDialog(props: { login: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    // Escape would leave the screen unusable behind a dead session: keep the dialog open.
    const keep = (event: Event) => event.preventDefault();
    element?.addEventListener('cancel', keep);
    return () => element?.removeEventListener('cancel', keep);
  }, []);
  return (
    <dialog ref={dialog} class="session-dialog" aria-labelledby="session-ended">
      <h2 id="session-ended">Your session has ended</h2>
      <SignInForm
        intro={`It expired, or you signed out elsewhere. Sign in again as ${props.login} to carry on: your unsaved edits are still here.`}
        onSignedIn={(user) => setSessionState({ kind: 'signed-in', user })}
      />
    </dialog>
  );
}
