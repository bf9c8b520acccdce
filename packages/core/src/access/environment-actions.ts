import type { Permission } from './permission.js';

/**
 * What each operation on an environment needs (access-control.md §1.2). `read`: the definition
 * with its secrets encrypted, revisions, tags, settings. `open`: plaintext secrets, evaluation
 * with providers, open sessions, clones (they copy plaintext). `write`: new revisions, tags,
 * retraction, environment tags. `admin`: delete, settings, who has access.
 */
export const REQUIRED_PERMISSION = {
  read: 'read',
  check: 'read',
  decrypt: 'open',
  open: 'open',
  'read-session': 'open',
  clone: 'open',
  write: 'write',
  rollback: 'write',
  tag: 'write',
  untag: 'write',
  retract: 'write',
  update: 'write',
  delete: 'admin',
  settings: 'admin',
  'read-access': 'admin',
  grant: 'admin',
} as const satisfies Record<string, Permission>;

/** An operation on an environment, by what it does. */
export type EnvironmentAction = keyof typeof REQUIRED_PERMISSION;
