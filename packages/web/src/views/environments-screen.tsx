// The environments the user may read, grouped by organization and project, with a search that
// lives in the URL (`/environments?q=...`) and a form to create one.

import { useState } from 'preact/hooks';
import { formatEnvironmentKey, type EnvironmentKey } from '@strata/core';
import { api } from '../api/service.js';
import { hrefOf, navigate } from '../router.js';
import type { SignedIn } from '../session-state.js';
import { CreateEnvironmentForm } from './create-environment-form.js';
import { FailureNotice } from './failure-notice.js';
import { useAsync } from './use-async.js';

async function listReadable(orgs: readonly string[]): Promise<EnvironmentKey[]> {
  const all: EnvironmentKey[] = [];
  for (const org of orgs) {
    let after: string | undefined;
    do {
      const page = await api().listEnvironments({
        org,
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      });
      all.push(...page.items);
      after = page.next;
    } while (after !== undefined);
  }
  return all;
}

function matches(env: EnvironmentKey, query: string): boolean {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const name = formatEnvironmentKey(env).toLowerCase();
  return words.every((word) => name.includes(word));
}

export function EnvironmentsScreen(props: { query: string; user: SignedIn }) {
  const orgs = props.user.organizations.map((o) => o.name);
  const list = useAsync(() => listReadable(orgs), [orgs.join(',')]);
  const [creating, setCreating] = useState(false);
  const shown = (list.data ?? []).filter((env) => matches(env, props.query));

  const groups = new Map<string, EnvironmentKey[]>();
  for (const env of shown) {
    const key = `${env.org}/${env.project}`;
    groups.set(key, [...(groups.get(key) ?? []), env]);
  }

  return (
    <main id="main" class="page">
      <div class="page-head">
        <h1>Environments</h1>
        <button
          type="button"
          class="primary"
          onClick={() => setCreating((c) => !c)}
          aria-expanded={creating}
        >
          New environment
        </button>
      </div>
      {creating && (
        <CreateEnvironmentForm
          orgs={orgs}
          onCancel={() => setCreating(false)}
          onCreated={(env) => navigate(hrefOf({ screen: 'editor', env }))}
        />
      )}
      <div class="search">
        <label for="search">Search</label>
        <input
          id="search"
          type="search"
          value={props.query}
          placeholder="project or name"
          autocomplete="off"
          onInput={(event) =>
            navigate(hrefOf({ screen: 'environments', query: event.currentTarget.value }), {
              replace: true,
              keepScroll: true,
            })
          }
        />
      </div>
      {list.state === 'failed' && <FailureNotice error={list.error} retry={list.reload} />}
      {list.state === 'loading' && list.data === undefined && <p aria-busy="true">Loading...</p>}
      {list.data !== undefined && shown.length === 0 && (
        <p class="empty">
          {list.data.length === 0
            ? 'No environment you may read yet. Create one, or ask an admin for access.'
            : `No environment matches "${props.query}".`}
        </p>
      )}
      {[...groups].map(([project, envs]) => (
        <section key={project} class="project" aria-labelledby={`p-${project}`}>
          <h2 id={`p-${project}`}>{orgs.length > 1 ? project : project.split('/')[1]}</h2>
          <ul class="env-list">
            {envs.map((env) => (
              <li key={env.name}>
                <a href={hrefOf({ screen: 'editor', env })}>
                  {env.project}/{env.name}
                </a>
                <span class="env-links">
                  <a
                    href={hrefOf({ screen: 'preview', env })}
                    aria-label={`Preview ${env.project}/${env.name}`}
                  >
                    preview
                  </a>
                  <a
                    href={hrefOf({ screen: 'revisions', env })}
                    aria-label={`Revisions of ${env.project}/${env.name}`}
                  >
                    revisions
                  </a>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
