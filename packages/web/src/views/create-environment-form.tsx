// Creating an environment: organization, project and name; it opens in the editor, empty.

import { useState } from 'preact/hooks';
import { api } from '../api/service.js';
import type { EnvPath } from '../router.js';
import { FailureNotice } from './failure-notice.js';

export function CreateEnvironmentForm(props: {
  orgs: readonly string[];
  onCreated: (env: EnvPath) => void;
  onCancel: () => void;
}) {
  const [org, setOrg] = useState(props.orgs[0] ?? '');
  const [project, setProject] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const env = { org, project: project.trim(), name: name.trim() };
    try {
      await api().createEnvironment(env, { actor: '' });
      props.onCreated(env);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="card create-env"
      onSubmit={(event) => void submit(event)}
      aria-label="New environment"
    >
      {props.orgs.length > 1 && (
        <label>
          Organization
          <select value={org} onChange={(event) => setOrg(event.currentTarget.value)}>
            {props.orgs.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Project
        <input
          value={project}
          required
          autocomplete="off"
          pattern="[A-Za-z0-9_.\-]+"
          onInput={(event) => setProject(event.currentTarget.value)}
        />
      </label>
      <label>
        Name
        <input
          value={name}
          required
          autocomplete="off"
          pattern="[A-Za-z0-9_.\-]+"
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          Create
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {error !== undefined && <FailureNotice error={error} />}
    </form>
  );
}
