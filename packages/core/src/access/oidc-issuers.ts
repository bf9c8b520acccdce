// The OIDC issuers an organization trusts for token exchange (access-control.md §3.3), with their
// authorization policies, kept as documents so every server process over one store sees them.

import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, NotFoundError, StoreIoError } from '../errors.js';
import type { DocumentStore } from '../store/documents.js';
import { updateDocument } from '../store/update-document.js';
import { checkPolicies, type AuthPolicy } from './oidc-policy.js';

/** ESC's default longest life of an exchanged token: 25 hours. */
export const DEFAULT_ISSUER_MAX_EXPIRATION_S = 25 * 60 * 60;

export interface JsonWebKeySet {
  readonly keys: readonly Readonly<Record<string, unknown>>[];
}

export interface OidcIssuerRecord {
  readonly id: string;
  readonly org: string;
  readonly name: string;
  /** The `iss` of its tokens: https, no trailing slash (http only on loopback, for tests). */
  readonly url: string;
  /** The longest life, in seconds, of a token exchanged for one of its ID tokens. */
  readonly maxExpiration: number;
  /** Keys given by the admin; absent: fetched from the issuer's discovery document. */
  readonly jwks?: JsonWebKeySet;
  readonly policies: readonly AuthPolicy[];
  /** Bumped by each change of the policies. */
  readonly policyVersion: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly modifiedAt: string;
}

export interface OidcIssuerInput {
  readonly name: string;
  readonly url: string;
  readonly maxExpiration?: number | undefined;
  readonly jwks?: JsonWebKeySet | undefined;
}

const ISSUERS = 'oidc-issuers';
const ATTEMPTS = 10;

/**
 * Issuers by organization. A new issuer has no policies, so it grants nothing until an admin
 * allows something; ids are `iss-<hex>`.
 */
export class OidcIssuers {
  constructor(
    private readonly documents: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(org: string, input: OidcIssuerInput, by: string): Promise<OidcIssuerRecord> {
    const url = normalizeIssuerUrl(input.url);
    if ((await this.list(org)).some((issuer) => issuer.url === url))
      throw new InvalidArgumentError(`org ${org} trusts ${url} already`);
    const at = this.now().toISOString();
    const record: OidcIssuerRecord = {
      id: `iss-${randomBytes(8).toString('hex')}`,
      org,
      name: checkIssuerName(input.name),
      url,
      maxExpiration: checkMaxExpiration(input.maxExpiration ?? DEFAULT_ISSUER_MAX_EXPIRATION_S),
      ...(input.jwks === undefined ? {} : { jwks: checkJwks(input.jwks) }),
      policies: [],
      policyVersion: 1,
      createdBy: by,
      createdAt: at,
      modifiedAt: at,
    };
    if ((await this.documents.putDocument(ISSUERS, docId(org, record.id), record, null)) === null)
      throw new StoreIoError('could not store the new issuer; try again');
    return record;
  }

  async list(org: string): Promise<OidcIssuerRecord[]> {
    const prefix = `${org}:`;
    const issuers: OidcIssuerRecord[] = [];
    let after = prefix;
    for (;;) {
      const page = await this.documents.listDocuments(ISSUERS, { after, limit: 100 });
      for (const { id, value } of page.items) {
        if (!id.startsWith(prefix)) return issuers;
        issuers.push(value as OidcIssuerRecord);
      }
      if (page.next === undefined) return issuers;
      after = page.next;
    }
  }

  async get(org: string, id: string): Promise<OidcIssuerRecord> {
    const doc = isIssuerId(id)
      ? await this.documents.getDocument(ISSUERS, docId(org, id))
      : undefined;
    if (doc === undefined) throw new NotFoundError(`OIDC issuer ${id} not found in org ${org}`);
    return doc.value as OidcIssuerRecord;
  }

  /** The issuer of `org` whose URL is `iss`, if the org trusts one. */
  async findByUrl(org: string, iss: string): Promise<OidcIssuerRecord | undefined> {
    const url = iss.replace(/\/+$/, '');
    return (await this.list(org)).find((issuer) => issuer.url === url);
  }

  /** Renames, changes the longest token life or the static keys; the URL never changes. */
  async update(
    org: string,
    id: string,
    change: { name?: string; maxExpiration?: number; jwks?: JsonWebKeySet | null },
  ): Promise<OidcIssuerRecord> {
    return await this.change(org, id, (issuer) => {
      const { jwks: _old, ...rest } = issuer;
      const jwks = change.jwks === undefined ? issuer.jwks : change.jwks;
      return {
        ...rest,
        ...(change.name === undefined ? {} : { name: checkIssuerName(change.name) }),
        ...(change.maxExpiration === undefined
          ? {}
          : { maxExpiration: checkMaxExpiration(change.maxExpiration) }),
        ...(jwks === null || jwks === undefined ? {} : { jwks: checkJwks(jwks) }),
      };
    });
  }

  /** Replaces the issuer's policies (ESC's PATCH of an auth policy: a full replace). */
  async setPolicies(
    org: string,
    id: string,
    policies: readonly AuthPolicy[],
  ): Promise<OidcIssuerRecord> {
    checkPolicies(policies);
    return await this.change(org, id, (issuer) => ({
      ...issuer,
      policies,
      policyVersion: issuer.policyVersion + 1,
    }));
  }

  async remove(org: string, id: string): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const doc = await this.documents.getDocument(ISSUERS, docId(org, id));
      if (doc === undefined) throw new NotFoundError(`OIDC issuer ${id} not found in org ${org}`);
      if (await this.documents.deleteDocument(ISSUERS, docId(org, id), doc.version)) return;
    }
    throw new StoreIoError(`could not remove OIDC issuer ${id}: it keeps changing; try again`);
  }

  private async change(
    org: string,
    id: string,
    apply: (issuer: OidcIssuerRecord) => OidcIssuerRecord,
  ): Promise<OidcIssuerRecord> {
    // An id no issuer can have is not found (the store would refuse it as a document id).
    if (!isIssuerId(id)) throw new NotFoundError(`OIDC issuer ${id} not found in org ${org}`);
    return await updateDocument(
      this.documents,
      ISSUERS,
      docId(org, id),
      (issuer: OidcIssuerRecord | undefined) => {
        if (issuer === undefined)
          throw new NotFoundError(`OIDC issuer ${id} not found in org ${org}`);
        return { ...apply(issuer), modifiedAt: this.now().toISOString() };
      },
      {
        attempts: ATTEMPTS,
        keptChanging: () =>
          new StoreIoError(`could not change OIDC issuer ${id}: it keeps changing; try again`),
      },
    );
  }
}

const docId = (org: string, id: string): string => `${org}:${id}`;
const isIssuerId = (id: string): boolean => /^iss-[0-9a-f]{16}$/.test(id);

/**
 * An issuer URL as tokens carry it in `iss`: https without a trailing slash, query or fragment;
 * plain http only for a loopback address, where a test or a local issuer runs.
 */
export function normalizeIssuerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError(`invalid issuer URL ${JSON.stringify(text)}`);
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new InvalidArgumentError(
      `the issuer URL ${JSON.stringify(text)} must use https (plain http only on loopback)`,
    );
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    throw new InvalidArgumentError(
      `the issuer URL ${JSON.stringify(text)} may not hold a query, fragment or credentials`,
    );
  return url.href.replace(/\/+$/, '');
}

function checkIssuerName(name: string): string {
  if (name.trim() === '' || name.length > 100 || /\p{Cc}/u.test(name))
    throw new InvalidArgumentError(
      `invalid issuer name ${JSON.stringify(name)}: 1 to 100 characters, no control characters`,
    );
  return name;
}

function checkMaxExpiration(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 366 * 24 * 60 * 60)
    throw new InvalidArgumentError(
      'maxExpiration is a whole number of seconds from 60 to a year (366 days)',
    );
  return seconds;
}

function checkJwks(jwks: JsonWebKeySet): JsonWebKeySet {
  if (
    !Array.isArray(jwks.keys) ||
    jwks.keys.length === 0 ||
    jwks.keys.some((key) => key === null || typeof key !== 'object' || 'd' in key)
  )
    throw new InvalidArgumentError(
      'jwks must be {"keys": [...]} with at least one public key (no private parts)',
    );
  return jwks;
}
