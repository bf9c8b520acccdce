// The organization's teams: create one, and for each its members, its grants on environments
// (or whole projects) and its tokens.

import { useState } from 'preact/hooks';
import { access } from '../../api/access.js';
import { api } from '../../api/service.js';
import { FailureNotice } from '../failure-notice.js';
import { useAsync } from '../use-async.js';
import { TeamCard } from './team-card.js';

export function TeamsTab(props: { org: string }) {
  const { org } = props;
  const teams = useAsync(() => access().listTeams(org), [org]);
  const members = useAsync(() => api().listUsers(org), [org]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();

  const create = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      await access().createTeam(org, {
        name: name.trim(),
        displayName: name.trim(),
        description: description.trim(),
      });
      setName('');
      setDescription('');
      teams.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div>
      {teams.state === 'failed' && <FailureNotice error={teams.error} retry={teams.reload} />}
      {teams.data !== undefined && teams.data.length === 0 && <p class="empty">No team yet.</p>}
      {(teams.data ?? []).map((team) => (
        <TeamCard
          key={team.name}
          org={org}
          team={team}
          logins={(members.data ?? []).map((m) => m.login)}
          onChanged={teams.reload}
        />
      ))}
      <h2>New team</h2>
      <form class="inline-form" aria-label="New team" onSubmit={(event) => void create(event)}>
        <label>
          Team name
          <input
            value={name}
            required
            autocomplete="off"
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          Description
          <input
            value={description}
            autocomplete="off"
            onInput={(event) => setDescription(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Create team</button>
      </form>
      {error !== undefined && <FailureNotice error={error} />}
    </div>
  );
}
