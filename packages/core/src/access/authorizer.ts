import type { Accounts, Principal } from '../accounts/accounts.js';
import { NotFoundError, PermissionDeniedError } from '../errors.js';
import type { EnvironmentKey } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';

/** What an operation needs on an environment: ESC's levels, each including the ones before. */
export type Permission = 'read' | 'open' | 'write' | 'admin';

const RANK: Record<Permission | 'none', number> = { none: 0, read: 1, open: 2, write: 3, admin: 4 };

/**
 * Who may do what, decided in one place for every host. A caller who may not read an environment
 * is told it does not exist (the same NotFoundError as for a missing one); one who may read it
 * but not do this is told which permission it needs.
 *
 * Today every member of an organization holds `admin` on its environments and nobody else holds
 * anything; teams and grants refine this.
 */
export class Authorizer {
  constructor(private readonly accounts: Accounts) {}

  /** The caller's permission on `env`. */
  async permission(principal: Principal, env: EnvironmentKey): Promise<Permission | 'none'> {
    const org = await this.accounts.getOrg(env.org).catch(() => undefined);
    return org?.members[principal.login] === undefined ? 'none' : 'admin';
  }

  /** Throws unless the caller holds `needed` on `env`. */
  async authorize(principal: Principal, needed: Permission, env: EnvironmentKey): Promise<void> {
    const held = await this.permission(principal, env);
    if (RANK[held] >= RANK[needed]) return;
    if (RANK[held] < RANK.read)
      throw new NotFoundError(`environment ${formatEnvironmentKey(env)} not found`);
    throw new PermissionDeniedError(
      `this needs the ${needed} permission on ${formatEnvironmentKey(env)}`,
    );
  }

  /** Throws unless the caller belongs to `org` (to create environments in it, list it). */
  async authorizeOrg(principal: Principal, org: string): Promise<void> {
    const record = await this.accounts.getOrg(org).catch(() => undefined);
    if (record?.members[principal.login] === undefined)
      throw new NotFoundError(`organization ${org} not found`);
  }

  /** The organizations whose environments the caller may list. */
  async readableOrgs(principal: Principal): Promise<string[]> {
    return (await this.accounts.orgsOf(principal.login)).map((m) => m.org.name).sort();
  }
}
