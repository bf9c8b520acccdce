import type { EnvironmentKey } from '@strata/core';

// The key layout (documented in the README). Environment keys end exactly at the name so that S3's
// byte-order listing equals the `org/project/name` order the Store contract promises.
const ENVIRONMENTS = 'environments/';
const REVISIONS = 'revisions/';
const AUDIT = 'audit/';
/** Under `audit/`: events by environment. Ids start with a digit or a sign, so sort before it. */
const AUDIT_BY_ENV = 'env/';
const KEYRING = 'keyring';
const DOCUMENTS = 'documents/';

/** Revision numbers are zero-padded so that key order is number order. */
const REVISION_DIGITS = 10;

export interface KeyLayout {
  readonly prefix: string;
  environmentsPrefix(org?: string, project?: string): string;
  environment(env: EnvironmentKey): string;
  /** The inverse of `environment`; undefined for a key of another shape. */
  parseEnvironment(key: string): EnvironmentKey | undefined;
  revisionsPrefix(env: EnvironmentKey, uid: string): string;
  revision(env: EnvironmentKey, uid: string, revision: number): string;
  /** The revision number of a key under `revisionsPrefix`; undefined for a key of another shape. */
  parseRevision(prefix: string, key: string): number | undefined;
  /** Every audit event: `audit/`, where Strata 0.1 kept them at `audit/<id>`. */
  auditPrefix(): string;
  /** The events of `env`, or of every environment: `audit/env/<org>/<project>/<name>/`. */
  auditEnvPrefix(env?: EnvironmentKey): string;
  /** The events of every environment of `org`: `audit/env/<org>/`. */
  auditOrgPrefix(org: string): string;
  /** The key of event `id` of `env`. */
  audit(env: EnvironmentKey, id: string): string;
  /** The inverse of `audit`; undefined for a key of another shape. */
  parseAudit(key: string): { env: EnvironmentKey; id: string } | undefined;
  keyring(): string;
  /**
   * The documents of `collection`: `documents/<collection>/`. Keys end exactly at the id, so key
   * order is id order; the store checks collections and ids (no `/`) before they get here.
   */
  documentsPrefix(collection: string): string;
  document(collection: string, id: string): string;
}

export function createKeyLayout(prefix: string): KeyLayout {
  const envs = prefix + ENVIRONMENTS;
  return {
    prefix,
    environmentsPrefix(org, project) {
      if (org === undefined) return envs;
      return project === undefined ? `${envs}${org}/` : `${envs}${org}/${project}/`;
    },
    environment: (env) => `${envs}${env.org}/${env.project}/${env.name}`,
    parseEnvironment(key) {
      if (!key.startsWith(envs)) return undefined;
      const parts = key.slice(envs.length).split('/');
      const [org, project, name] = parts;
      if (parts.length !== 3 || !org || !project || !name) return undefined;
      return { org, project, name };
    },
    revisionsPrefix: (env, uid) =>
      `${prefix}${REVISIONS}${env.org}/${env.project}/${env.name}/${uid}/`,
    revision(env, uid, revision) {
      return this.revisionsPrefix(env, uid) + String(revision).padStart(REVISION_DIGITS, '0');
    },
    parseRevision(revisionsPrefix, key) {
      const rest = key.slice(revisionsPrefix.length);
      if (!key.startsWith(revisionsPrefix) || !/^\d{10}$/.test(rest)) return undefined;
      const n = Number(rest);
      return n >= 1 ? n : undefined;
    },
    auditPrefix: () => prefix + AUDIT,
    auditEnvPrefix: (env) =>
      env === undefined
        ? prefix + AUDIT + AUDIT_BY_ENV
        : `${prefix}${AUDIT}${AUDIT_BY_ENV}${env.org}/${env.project}/${env.name}/`,
    auditOrgPrefix: (org) => `${prefix}${AUDIT}${AUDIT_BY_ENV}${org}/`,
    audit(env, id) {
      return this.auditEnvPrefix(env) + id;
    },
    parseAudit(key) {
      const root = prefix + AUDIT + AUDIT_BY_ENV;
      if (!key.startsWith(root)) return undefined;
      const [org, project, name, ...rest] = key.slice(root.length).split('/');
      const id = rest.join('/');
      if (!org || !project || !name || !id) return undefined;
      return { env: { org, project, name }, id };
    },
    keyring: () => prefix + KEYRING,
    documentsPrefix: (collection) => `${prefix}${DOCUMENTS}${collection}/`,
    document(collection, id) {
      return this.documentsPrefix(collection) + id;
    },
  };
}
