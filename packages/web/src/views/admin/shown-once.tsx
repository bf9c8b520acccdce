// A token just created: shown here once (the server keeps only its hash), to copy and hand over.
// It lives in this component's state only, and goes when it is dismissed.

export function ShownOnce(props: { label: string; token: string; onDone: () => void }) {
  return (
    <div class="notice notice-ok shown-once" role="status">
      <p class="notice-title">{props.label}</p>
      <p>Copy it now: it is shown only once, and cannot be read again.</p>
      <input
        class="token-value"
        readOnly
        value={props.token}
        aria-label="The new token"
        onFocus={(event) => event.currentTarget.select()}
      />
      <div class="actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(props.token)}>
          Copy
        </button>
        <button type="button" onClick={props.onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
