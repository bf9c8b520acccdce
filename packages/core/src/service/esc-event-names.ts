import type { AuditEvent } from '../store/store.js';

/** ESC's event names (kebab-case of its display names) for Strata's actions. */
const EVENTS: Readonly<Record<string, string>> = {
  create: 'environment-created',
  write: 'environment-updated',
  rollback: 'environment-updated',
  delete: 'environment-deleted',
  open: 'environment-open',
  'read-session': 'environment-read',
  decrypt: 'environment-decrypted',
  clone: 'environment-clone',
  retract: 'environment-version-retracted',
  untag: 'environment-version-tag-deleted',
  update: 'environment-tag-updated',
  'team-create': 'team-created',
  'team-update': 'team-updated',
  'team-delete': 'team-deleted',
  grant: 'team-updated',
  'org-update': 'organization-settings-changed',
  'token-create': 'access-token-created',
  'token-revoke': 'access-token-deleted',
  'token-exchange': 'oidc-token-exchanged',
  'oidc-update': 'oidc-issuer-updated',
  authenticate: 'auth-failure',
};

/** The ESC event name of an event: `environment-unauthorized-open` for a refused open. */
export function escEventName(event: AuditEvent): string {
  if (event.details['outcome'] === 'denied') {
    if (event.action === 'authenticate') return 'auth-failure';
    const onEnvironment = event.env.project !== '*';
    return `${onEnvironment ? 'environment-' : ''}unauthorized-${event.action}`;
  }
  if (event.action === 'tag')
    return event.details['from'] === ''
      ? 'environment-version-tag-created'
      : 'environment-version-tag-updated';
  if (event.action === 'update' && event.details['deletionProtected'] !== undefined)
    return 'environment-settings-updated';
  return EVENTS[event.action] ?? event.action;
}
