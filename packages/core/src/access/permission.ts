import { InvalidArgumentError } from '../errors.js';

/** ESC's environment permissions, each including the ones before it (access-control.md §1.1). */
export const ENVIRONMENT_PERMISSIONS = ['none', 'read', 'open', 'write', 'admin'] as const;

/** What a caller holds on an environment. */
export type EnvironmentPermission = (typeof ENVIRONMENT_PERMISSIONS)[number];

/** What an operation can need: every level but `none`. */
export type Permission = Exclude<EnvironmentPermission, 'none'>;

const RANK: Record<EnvironmentPermission, number> = {
  none: 0,
  read: 1,
  open: 2,
  write: 3,
  admin: 4,
};

/** True when `held` includes `needed`. */
export function includesPermission(
  held: EnvironmentPermission,
  needed: EnvironmentPermission,
): boolean {
  return RANK[held] >= RANK[needed];
}

/** The higher of two permissions (grants only add). */
export function higherPermission(
  a: EnvironmentPermission,
  b: EnvironmentPermission,
): EnvironmentPermission {
  return RANK[a] >= RANK[b] ? a : b;
}

export function isEnvironmentPermission(value: unknown): value is EnvironmentPermission {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** `value` as a permission, or InvalidArgumentError naming the valid ones. */
export function parseEnvironmentPermission(value: string): EnvironmentPermission {
  if (isEnvironmentPermission(value)) return value;
  throw new InvalidArgumentError(
    `invalid permission ${JSON.stringify(value)}: use one of ${ENVIRONMENT_PERMISSIONS.join(', ')}`,
  );
}
