import type { Provider, ProviderRegistry } from '@strata/core';
import { createAwsLoginProvider, type AwsLoginOptions } from './aws-login-provider.js';
import { createAwsParameterStoreProvider } from './aws-parameter-store-provider.js';
import { createAwsSecretsProvider } from './aws-secrets-provider.js';
import type { AwsServiceOptions } from './aws-service-options.js';
import { LoginDirectory } from './login-directory.js';

export interface AwsProvidersOptions extends AwsLoginOptions, AwsServiceOptions {
  /** Secrets Manager endpoint; default `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL`. */
  readonly secretsManagerEndpoint?: string | undefined;
  /** SSM endpoint; default `AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL`. */
  readonly ssmEndpoint?: string | undefined;
  // `endpoint` (from AwsLoginOptions) is STS's.
}

/**
 * The registry of this package's providers (`aws-login`, `aws-secrets`, `aws-parameter-store`).
 * Providers are built on first use and kept, so one registry shares its credential cache, its SDK
 * clients and what aws-login learned about whose credentials they are across the opens it serves.
 */
export function createAwsProviders(options: AwsProvidersOptions = {}): ProviderRegistry {
  const logins = options.logins ?? new LoginDirectory();
  const service: AwsServiceOptions = {
    env: options.env,
    maxAttempts: options.maxAttempts,
    concurrency: options.concurrency,
    logins,
    now: options.now,
  };
  const built = new Map<string, Provider>();
  const build: Record<string, () => Provider> = {
    'aws-login': () => createAwsLoginProvider({ ...options, logins }),
    'aws-secrets': () =>
      createAwsSecretsProvider({ ...service, endpoint: options.secretsManagerEndpoint }),
    'aws-parameter-store': () =>
      createAwsParameterStoreProvider({ ...service, endpoint: options.ssmEndpoint }),
  };
  return {
    loadProvider(name) {
      const make = Object.hasOwn(build, name) ? build[name] : undefined;
      if (make === undefined) throw new Error(`unknown provider ${JSON.stringify(name)}`);
      let provider = built.get(name);
      if (provider === undefined) built.set(name, (provider = make()));
      return provider;
    },
    loadRotator(name) {
      throw new Error(`unknown rotator ${JSON.stringify(name)}`);
    },
  };
}
