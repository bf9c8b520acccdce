// Asking before an action that changes what consumers get (rollback, retract, moving or deleting
// a tag): a modal dialog saying what will happen, with the action's own name on its button.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { FailureNotice } from './failure-notice.js';

export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirm: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    const close = () => props.onClose();
    element?.addEventListener('close', close);
    return () => element?.removeEventListener('close', close);
  }, []);

  const run = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      dialog.current?.close();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="confirm" aria-labelledby="confirm-title">
      <form method="dialog" onSubmit={(event) => void run(event)}>
        <h2 id="confirm-title">{props.title}</h2>
        {props.children}
        {error !== undefined && <FailureNotice error={error} />}
        <div class="actions">
          <button
            type="submit"
            class={props.danger === true ? 'danger' : 'primary'}
            disabled={busy}
          >
            {props.confirm}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
