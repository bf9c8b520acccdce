import type { Provider, ProviderRegistry } from '@strata/core';
import { createAwsLoginProvider, type AwsLoginOptions } from './aws-login-provider.js';

export type AwsProvidersOptions = AwsLoginOptions;

/**
 * The registry of this package's providers (`aws-login`). Providers are built on first use and
 * kept, so one registry shares its credential cache across the opens it serves.
 */
export function createAwsProviders(options: AwsProvidersOptions = {}): ProviderRegistry {
  let awsLogin: Provider | undefined;
  return {
    loadProvider(name) {
      if (name === 'aws-login') return (awsLogin ??= createAwsLoginProvider(options));
      throw new Error(`unknown provider ${JSON.stringify(name)}`);
    },
    loadRotator(name) {
      throw new Error(`unknown rotator ${JSON.stringify(name)}`);
    },
  };
}
