// How a host adds this package's providers to its registry. A light module: registering loads no
// AWS SDK and no jose; the first open of one of these providers does.

import type { ProviderCatalog, ProviderRegistry } from '@strata/core';
import type { AwsProvidersOptions } from './create-aws-providers.js';

/** The `fn::open::<name>` providers this package registers. */
export const AWS_PROVIDER_NAMES = ['aws-login', 'aws-secrets', 'aws-parameter-store'] as const;

/**
 * Registers `aws-login`, `aws-secrets` and `aws-parameter-store` in `registry`. `options` is called once, on first use: a host can defer
 * what it needs only then (a token source that decrypts a signing key, a credential cache).
 */
export function registerAwsProviders(
  registry: ProviderCatalog,
  options: () => AwsProvidersOptions | Promise<AwsProvidersOptions> = () => ({}),
): void {
  let providers: Promise<ProviderRegistry> | undefined;
  const load = (): Promise<ProviderRegistry> =>
    (providers ??= Promise.resolve()
      .then(options)
      .then(async (resolved) =>
        (await import('./create-aws-providers.js')).createAwsProviders(resolved),
      ));
  for (const name of AWS_PROVIDER_NAMES) {
    registry.registerProvider(name, async () => (await load()).loadProvider(name));
  }
}
