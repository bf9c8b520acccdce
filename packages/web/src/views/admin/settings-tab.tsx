// The organization's default permission: what every member holds on every environment before
// team grants add to it (ESC's `write` when never set).

import { useState } from 'preact/hooks';
import { ENVIRONMENT_PERMISSIONS, type EnvironmentPermission } from '@strata/core';
import { access } from '../../api/access.js';
import { ConfirmDialog } from '../confirm-dialog.js';
import { FailureNotice } from '../failure-notice.js';
import { useAsync } from '../use-async.js';

export function SettingsTab(props: { org: string }) {
  const settings = useAsync(() => access().getSettings(props.org), [props.org]);
  const [choice, setChoice] = useState<EnvironmentPermission | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  if (settings.state === 'failed')
    return <FailureNotice error={settings.error} retry={settings.reload} />;
  if (settings.data === undefined) return <p aria-busy="true">Loading...</p>;
  const current = settings.data.defaultEnvironmentPermission;
  const selected = choice ?? current;
  return (
    <div>
      <p>
        Every member of {props.org} holds <strong>{current}</strong> on every environment, before
        their teams' grants. Creators hold admin on what they create.
      </p>
      {done !== undefined && (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
      <form
        class="inline-form"
        aria-label="Change the default permission"
        onSubmit={(event) => {
          event.preventDefault();
          if (selected !== current) setConfirming(true);
        }}
      >
        <label>
          Default permission
          <select
            value={selected}
            onChange={(event) => setChoice(event.currentTarget.value as EnvironmentPermission)}
          >
            {ENVIRONMENT_PERMISSIONS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={selected === current}>
          Change
        </button>
      </form>
      {confirming && (
        <ConfirmDialog
          title={`Make ${selected} the default permission?`}
          confirm={`Set ${selected}`}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await access().setDefaultPermission(props.org, selected);
            setDone(`Every member now holds ${selected} by default.`);
            setChoice(undefined);
            settings.reload();
          }}
        >
          <p>
            Every member of {props.org} will hold {selected} (instead of {current}) on every
            environment, unless a team grant gives them more.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
