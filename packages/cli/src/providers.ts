import type { Provider, ProviderRegistry, Rotator, SecretKeyring } from '@strata/core';
import type { CliIo } from './cli-io.js';

/** What the providers need from the session. */
export interface ProvidersOptions {
  readonly org: string;
  readonly keyring: SecretKeyring;
}

/**
 * The providers `fn::open::<name>` can call (and `fn::rotate::<name>` rotators): `aws-login`
 * from @strata/providers-aws. Its registry is imported on the first `aws-login` only, so commands
 * and environments that use no provider never load the AWS SDK or jose. Any other name is
 * unknown: a diagnostic, as in esc.
 */
export function createProviders(io: CliIo, options: ProvidersOptions): ProviderRegistry {
  let aws: Promise<ProviderRegistry> | undefined;
  const awsRegistry = (): Promise<ProviderRegistry> =>
    (aws ??= import('./oidc/aws-providers.js').then((m) => m.createCliAwsProviders(io, options)));
  return {
    async loadProvider(name: string): Promise<Provider> {
      if (name === 'aws-login') return (await awsRegistry()).loadProvider(name);
      throw new Error(`unknown provider "${name}"`);
    },
    loadRotator(name: string): Promise<Rotator> {
      return Promise.reject(new Error(`unknown rotator "${name}"`));
    },
  };
}
