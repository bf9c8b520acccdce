/** Credentials from one AssumeRoleWithWebIdentity call. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** ISO-8601. */
  readonly expiration: string;
}

/** What makes two logins interchangeable. */
export interface CredentialCacheKey {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly subject: string;
  readonly policyArns: readonly string[];
  readonly durationSeconds: number;
}

/** Stores credentials between opens; `get` returns only entries still worth reusing. */
export interface CredentialCache {
  get(key: CredentialCacheKey): Promise<AwsCredentials | undefined>;
  put(key: CredentialCacheKey, credentials: AwsCredentials): Promise<void>;
}

/** Entries are reused until this long before they expire. */
export const REUSE_MARGIN_MS = 5 * 60 * 1000;

/** A stable string for a key (policy order does not matter to STS). */
export function credentialCacheKeyString(key: CredentialCacheKey): string {
  return JSON.stringify([
    key.roleArn,
    key.sessionName,
    key.subject,
    [...key.policyArns].sort(),
    key.durationSeconds,
  ]);
}

/** True when the credentials are valid for more than the reuse margin. */
export function isReusable(credentials: AwsCredentials, now: Date): boolean {
  const expires = Date.parse(credentials.expiration);
  return Number.isFinite(expires) && expires - now.getTime() > REUSE_MARGIN_MS;
}

/** A cache for the life of the process (e.g. one `strata run` opening several environments). */
export function createMemoryCredentialCache(options: { now?: () => Date } = {}): CredentialCache {
  const now = options.now ?? (() => new Date());
  const entries = new Map<string, AwsCredentials>();
  return {
    get(key) {
      const id = credentialCacheKeyString(key);
      const entry = entries.get(id);
      if (entry === undefined) return Promise.resolve(undefined);
      if (isReusable(entry, now())) return Promise.resolve(entry);
      entries.delete(id);
      return Promise.resolve(undefined);
    },
    put(key, credentials) {
      entries.set(credentialCacheKeyString(key), credentials);
      return Promise.resolve();
    },
  };
}
