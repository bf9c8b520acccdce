// The environment variables Strata reads as its own credentials. A command run through Strata
// (`strata run`, and any future server or client that starts processes) never receives them from
// the parent's environment: they unlock every environment, not only the one being run.

import { MASTER_KEY_ENV } from './master-key.js';

/**
 * Strata's own credentials: the master key, and the token a client presents to a Strata server
 * (its own name, and Pulumi's, which esc-compatible clients send). Credentials the user set for
 * other systems (`AWS_*` and the like) are the user's and are not listed.
 */
export const STRATA_CREDENTIAL_VARIABLES: readonly string[] = Object.freeze([
  MASTER_KEY_ENV,
  'STRATA_TOKEN',
  'PULUMI_ACCESS_TOKEN',
]);

/** True when `name` is one of Strata's credentials (case-insensitively on Windows). */
export function isStrataCredentialVariable(
  name: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  const key = platform === 'win32' ? name.toUpperCase() : name;
  return STRATA_CREDENTIAL_VARIABLES.includes(key);
}

/** A copy of `env` without Strata's credentials: what a child process may inherit. */
export function withoutStrataCredentials(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!isStrataCredentialVariable(name, platform)) out[name] = value;
  }
  return out;
}
