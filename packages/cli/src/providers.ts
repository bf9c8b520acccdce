import type { ProviderRegistry, SecretKeyring } from '@strata/core';
import { createProviderRegistry } from '@strata/core';
import { registerAwsProviders } from '@strata/providers-aws/register';
import type { CliIo } from './cli-io.js';

/** What the providers need from the session. */
export interface ProvidersOptions {
  readonly org: string;
  readonly keyring: SecretKeyring;
}

/**
 * The providers `fn::open::<name>` can call: each provider package registers its own
 * (`@strata/providers-aws`: `aws-login`). What the AWS providers need from the CLI (token source,
 * credential cache) is built on the first open of one, so commands and environments that use no
 * provider never load the AWS SDK or jose. Any other name is unknown: a diagnostic, as in esc.
 */
export function createProviders(io: CliIo, options: ProvidersOptions): ProviderRegistry {
  const registry = createProviderRegistry();
  registerAwsProviders(registry, async () =>
    (await import('./oidc/aws-providers.js')).cliAwsOptions(io, options),
  );
  return registry;
}
