// Administration of an organization, for its admins: teams (members, grants, team tokens),
// members (users and their first tokens), organization and personal tokens, the audit log with
// filters, and the default permission. Each tab is a URL (`/admin/<org>/<tab>`). Every rule is
// the server's: a refusal shows its message.

import { ADMIN_TABS, hrefOf, type AdminTab } from '../router.js';
import type { SignedIn } from '../session-state.js';
import { AuditTab } from './admin/audit-tab.js';
import { MembersTab } from './admin/members-tab.js';
import { SettingsTab } from './admin/settings-tab.js';
import { TeamsTab } from './admin/teams-tab.js';
import { TokensTab } from './admin/tokens-tab.js';

const LABELS: Record<AdminTab, string> = {
  teams: 'Teams',
  members: 'Members',
  tokens: 'Tokens',
  audit: 'Audit log',
  settings: 'Default permission',
};

export function AdminScreen(props: {
  org: string;
  tab: AdminTab;
  filters?: string | undefined;
  user: SignedIn;
}) {
  const { org, tab } = props;
  const role = props.user.organizations.find((o) => o.name === org)?.role;
  return (
    <main id="main" class="page admin">
      <h1>Administration of {org}</h1>
      {role !== 'admin' && (
        <p class="notice" role="status">
          You are not an admin of {org}: what you may change here is only what your teams let you.
        </p>
      )}
      <nav class="tabs" aria-label="Administration">
        {ADMIN_TABS.map((t) => (
          <a
            key={t}
            href={hrefOf({ screen: 'admin', org, tab: t })}
            aria-current={t === tab ? 'page' : undefined}
          >
            {LABELS[t]}
          </a>
        ))}
      </nav>
      <section class="tab-panel">
        {tab === 'teams' && <TeamsTab org={org} />}
        {tab === 'members' && <MembersTab org={org} />}
        {tab === 'tokens' && <TokensTab org={org} />}
        {tab === 'audit' && <AuditTab org={org} filters={props.filters ?? ''} />}
        {tab === 'settings' && <SettingsTab org={org} />}
      </section>
    </main>
  );
}
