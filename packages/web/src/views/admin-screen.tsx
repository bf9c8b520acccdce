// Administration of an organization (its admins only): built against the server's admin API.

import type { AdminTab } from '../router.js';
import type { SignedIn } from '../session-state.js';

export function AdminScreen(props: { org: string; tab: AdminTab; user: SignedIn }) {
  return (
    <main id="main" class="page">
      <h1>Admin: {props.org}</h1>
      <p>{props.tab}</p>
    </main>
  );
}
