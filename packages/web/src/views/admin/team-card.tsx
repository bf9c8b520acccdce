// One team: its members (add, remove, make team admin), its grants (add, change, remove; `*` for a
// whole project), its tokens, and deleting it. Each change is one call; a refusal says why.

import { useState } from 'preact/hooks';
import { ENVIRONMENT_PERMISSIONS, type Permission } from '@strata/core';
import type { RemoteTeam } from '@strata/client';
import { access } from '../../api/access.js';
import { ConfirmDialog } from '../confirm-dialog.js';
import { FailureNotice } from '../failure-notice.js';
import { useAsync } from '../use-async.js';
import { TokenList } from './token-list.js';

const GRANTABLE = ENVIRONMENT_PERMISSIONS.filter((p): p is Permission => p !== 'none');
const part = encodeURIComponent;

export function TeamCard(props: {
  org: string;
  team: RemoteTeam;
  logins: readonly string[];
  onChanged: () => void;
}) {
  const { org, team } = props;
  const [error, setError] = useState<unknown>();
  const [member, setMember] = useState('');
  const [project, setProject] = useState('');
  const [env, setEnv] = useState('');
  const [permission, setPermission] = useState<Permission>('read');
  const [deleting, setDeleting] = useState(false);
  const [showTokens, setShowTokens] = useState(false);
  const tokens = useAsync(
    () => (showTokens ? access().listTeamTokens(org, team.name) : Promise.resolve([])),
    [org, team.name, showTokens],
  );

  const run = async (change: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await change();
      props.onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  const candidates = props.logins.filter((l) => !team.members.some((m) => m.githubLogin === l));

  return (
    <section class="card team" aria-labelledby={`team-${team.name}`}>
      <div class="page-head">
        <h2 id={`team-${team.name}`}>{team.displayName || team.name}</h2>
        <button type="button" onClick={() => setDeleting(true)}>
          Delete team {team.name}
        </button>
      </div>
      {team.description !== '' && <p class="muted">{team.description}</p>}

      <h3>Members</h3>
      {team.members.length === 0 ? (
        <p class="empty">No member yet.</p>
      ) : (
        <ul class="team-members">
          {team.members.map((m) => (
            <li key={m.githubLogin}>
              {m.githubLogin} {m.role === 'admin' && <span class="badge">team admin</span>}
              <button
                type="button"
                onClick={() =>
                  void run(() =>
                    access().changeMember(
                      org,
                      team.name,
                      m.role === 'admin' ? 'demote' : 'promote',
                      m.githubLogin,
                    ),
                  )
                }
              >
                {m.role === 'admin'
                  ? `Make ${m.githubLogin} a member`
                  : `Make ${m.githubLogin} team admin`}
              </button>
              <button
                type="button"
                onClick={() =>
                  void run(() => access().changeMember(org, team.name, 'remove', m.githubLogin))
                }
              >
                Remove {m.githubLogin}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline-form"
        aria-label={`Add a member to ${team.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          const login = member.trim();
          if (login !== '')
            void run(async () => {
              await access().changeMember(org, team.name, 'add', login);
              setMember('');
            });
        }}
      >
        <label>
          Member to add
          <input
            value={member}
            list={`logins-${team.name}`}
            autocomplete="off"
            required
            onInput={(event) => setMember(event.currentTarget.value)}
          />
          <datalist id={`logins-${team.name}`}>
            {candidates.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </label>
        <button type="submit">Add member</button>
      </form>

      <h3>Grants</h3>
      {team.environments.length === 0 ? (
        <p class="empty">No grant: the team's members hold the default permission.</p>
      ) : (
        <table class="grants">
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Permission</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {team.environments.map((g) => {
              const target = `${g.projectName}/${g.envName}`;
              return (
                <tr key={target}>
                  <td>{g.envName === '*' ? `${g.projectName}/* (the whole project)` : target}</td>
                  <td>
                    <select
                      aria-label={`Permission of ${team.name} on ${target}`}
                      value={g.permission}
                      onChange={(event) => {
                        const next = event.currentTarget.value as Permission;
                        void run(() =>
                          access().grant(org, team.name, {
                            project: g.projectName,
                            env: g.envName,
                            permission: next,
                          }),
                        );
                      }}
                    >
                      {GRANTABLE.map((p) => (
                        <option key={p} value={p}>
                          {p}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        void run(() =>
                          access().revoke(org, team.name, {
                            project: g.projectName,
                            env: g.envName,
                          }),
                        )
                      }
                    >
                      Remove the grant on {target}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form
        class="inline-form"
        aria-label={`Grant ${team.name} a permission`}
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            await access().grant(org, team.name, {
              project: project.trim(),
              env: env.trim() === '' ? '*' : env.trim(),
              permission,
            });
            setProject('');
            setEnv('');
          });
        }}
      >
        <label>
          Project
          <input
            value={project}
            required
            autocomplete="off"
            onInput={(event) => setProject(event.currentTarget.value)}
          />
        </label>
        <label>
          Environment
          <input
            value={env}
            autocomplete="off"
            placeholder="* (all)"
            onInput={(event) => setEnv(event.currentTarget.value)}
          />
        </label>
        <label>
          Permission
          <select
            value={permission}
            onChange={(event) => setPermission(event.currentTarget.value as Permission)}
          >
            {GRANTABLE.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Grant</button>
      </form>
      {error !== undefined && <FailureNotice error={error} />}

      <details onToggle={(event) => setShowTokens(event.currentTarget.open)}>
        <summary>Team tokens</summary>
        {showTokens && (
          <TokenList
            title={`Tokens of team ${team.name}`}
            tokens={tokens}
            create={(input) => access().createTeamToken(org, team.name, input)}
            revoke={async (id) => {
              await access().request(
                'DELETE',
                `/api/orgs/${part(org)}/teams/${part(team.name)}/tokens/${part(id)}`,
              );
            }}
          />
        )}
      </details>

      {deleting && (
        <ConfirmDialog
          title={`Delete team ${team.name}?`}
          confirm={`Delete ${team.name}`}
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await access().deleteTeam(org, team.name);
            props.onChanged();
          }}
        >
          <p>
            Its members lose what its grants gave them, and its tokens are revoked. The members
            themselves stay in {org}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
