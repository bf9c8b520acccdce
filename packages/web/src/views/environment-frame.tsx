// An environment's screens share a heading and tabs: its definition, what it opens to, its
// revisions. Each tab is a URL of its own.

import type { ComponentChildren } from 'preact';
import { envName, hrefOf, type EnvPath } from '../router.js';

export type EnvironmentTab = 'editor' | 'preview' | 'revisions';

const TABS: readonly { tab: EnvironmentTab; label: string }[] = [
  { tab: 'editor', label: 'Definition' },
  { tab: 'preview', label: 'Preview' },
  { tab: 'revisions', label: 'Revisions' },
];

export function EnvironmentFrame(props: {
  env: EnvPath;
  tab: EnvironmentTab;
  children: ComponentChildren;
}) {
  const { env } = props;
  return (
    <main id="main" class="page environment">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={hrefOf({ screen: 'environments', query: '' })}>Environments</a>
        <span aria-hidden="true"> / </span>
        <span>{env.org}</span>
        <span aria-hidden="true"> / </span>
        <a href={hrefOf({ screen: 'environments', query: `${env.project}/` })}>{env.project}</a>
      </nav>
      <h1 class="env-title" title={envName(env)}>
        {env.project}/{env.name}
      </h1>
      <nav class="tabs" aria-label="Environment">
        {TABS.map(({ tab, label }) => (
          <a
            key={tab}
            href={hrefOf({ screen: tab, env })}
            aria-current={props.tab === tab ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <section class="tab-panel">{props.children}</section>
    </main>
  );
}
