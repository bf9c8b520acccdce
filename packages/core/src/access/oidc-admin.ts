import { orgEnvironment, type AuthorizedService } from './authorized-service.js';
import type { AuthPolicy } from './oidc-policy.js';
import type {
  JsonWebKeySet,
  OidcIssuerInput,
  OidcIssuerRecord,
  OidcIssuers,
} from './oidc-issuers.js';

/**
 * The OIDC issuers of an organization as one caller may manage them: its admins register,
 * change and remove issuers and set their policies; each change is allowed by the Authorizer
 * first and recorded in the audit log (a refusal too).
 */
export class OidcAdmin {
  constructor(
    private readonly service: AuthorizedService,
    private readonly issuers: OidcIssuers,
  ) {}

  async addIssuer(org: string, input: OidcIssuerInput): Promise<OidcIssuerRecord> {
    await this.service.requireOrg(org, 'admin', 'oidc-update', 'registering OIDC issuers');
    const issuer = await this.issuers.add(org, input, this.service.principal.login);
    await this.record('create', issuer, { url: issuer.url });
    return issuer;
  }

  async listIssuers(org: string): Promise<OidcIssuerRecord[]> {
    await this.service.requireOrg(org, 'admin', 'read-access', 'listing OIDC issuers');
    return await this.issuers.list(org);
  }

  async getIssuer(org: string, id: string): Promise<OidcIssuerRecord> {
    await this.service.requireOrg(org, 'admin', 'read-access', 'reading OIDC issuers');
    return await this.issuers.get(org, id);
  }

  async updateIssuer(
    org: string,
    id: string,
    change: { name?: string; maxExpiration?: number; jwks?: JsonWebKeySet | null },
  ): Promise<OidcIssuerRecord> {
    await this.service.requireOrg(org, 'admin', 'oidc-update', 'changing OIDC issuers');
    const issuer = await this.issuers.update(org, id, change);
    await this.record('update', issuer, {});
    return issuer;
  }

  async removeIssuer(org: string, id: string): Promise<void> {
    await this.service.requireOrg(org, 'admin', 'oidc-update', 'removing OIDC issuers');
    const issuer = await this.issuers.get(org, id);
    await this.issuers.remove(org, id);
    await this.record('delete', issuer, { url: issuer.url });
  }

  async setPolicies(
    org: string,
    id: string,
    policies: readonly AuthPolicy[],
  ): Promise<OidcIssuerRecord> {
    await this.service.requireOrg(org, 'admin', 'oidc-update', 'changing OIDC policies');
    const issuer = await this.issuers.setPolicies(org, id, policies);
    await this.record('policies', issuer, {
      policies: String(policies.length),
      policyVersion: String(issuer.policyVersion),
    });
    return issuer;
  }

  private async record(
    change: 'create' | 'update' | 'delete' | 'policies',
    issuer: OidcIssuerRecord,
    details: Record<string, string>,
  ): Promise<void> {
    await this.service.record({
      action: 'oidc-update',
      env: orgEnvironment(issuer.org),
      details: { change, issuer: issuer.id, issuerName: issuer.name, ...details },
    });
  }
}
