// A failure shown where it happened: what happened, the server's words, what to do, and a retry.

import { describeError } from '../api/describe-error.js';

export function FailureNotice(props: { error: unknown; retry?: (() => void) | undefined }) {
  const failure = describeError(props.error);
  return (
    <div class={`notice notice-error notice-${failure.kind}`} role="alert">
      <p class="notice-title">{failure.title}</p>
      {failure.detail !== undefined && failure.detail !== failure.title && (
        <p class="notice-detail">{failure.detail}</p>
      )}
      <p class="notice-action">{failure.action}</p>
      {props.retry !== undefined && (
        <button type="button" onClick={props.retry}>
          Try again
        </button>
      )}
    </div>
  );
}
