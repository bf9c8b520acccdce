// The organization's members: who they are and their role; an admin adds a user, who gets a
// first token shown here once, to hand over.

import { useState } from 'preact/hooks';
import { api } from '../../api/service.js';
import { FailureNotice } from '../failure-notice.js';
import { useAsync } from '../use-async.js';
import { ShownOnce } from './shown-once.js';

export function MembersTab(props: { org: string }) {
  const members = useAsync(() => api().listUsers(props.org), [props.org]);
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<{ login: string; token: string } | undefined>();

  const add = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const added = await api().addUser({
        org: props.org,
        login: login.trim(),
        ...(name.trim() === '' ? {} : { name: name.trim() }),
        role,
      });
      setCreated({ login: added.login, token: added.token });
      setLogin('');
      setName('');
      members.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div>
      {members.state === 'failed' && <FailureNotice error={members.error} retry={members.reload} />}
      {members.data !== undefined && (
        <table class="members">
          <caption>Members of {props.org}</caption>
          <thead>
            <tr>
              <th scope="col">Login</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <tr key={m.login}>
                <td>{m.login}</td>
                <td>{m.name}</td>
                <td>{m.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Add a user</h2>
      {created !== undefined && (
        <ShownOnce
          label={`${created.login} was added. Their first access token:`}
          token={created.token}
          onDone={() => setCreated(undefined)}
        />
      )}
      <form class="inline-form" aria-label="Add a user" onSubmit={(event) => void add(event)}>
        <label>
          Login
          <input
            value={login}
            required
            autocomplete="off"
            onInput={(event) => setLogin(event.currentTarget.value)}
          />
        </label>
        <label>
          Full name
          <input
            value={name}
            autocomplete="off"
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          Role
          <select
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as 'member' | 'admin')}
          >
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit">Add user</button>
      </form>
      {error !== undefined && <FailureNotice error={error} />}
    </div>
  );
}
