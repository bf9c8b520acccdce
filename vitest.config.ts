import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));
const pkg = (name: string) => source(`${name}/src/index.ts`);

export default defineConfig({
  resolve: {
    // Tests run against sources, so a change is tested without a build; the end-to-end CLI tests
    // spawn the built binary instead.
    // Subpath exports first: an alias also matches the imports that start with it.
    alias: {
      '@strata/store-sqlite/backend': source('store-sqlite/src/sqlite-backend.ts'),
      '@strata/store-s3/backend': source('store-s3/src/s3-backend.ts'),
      '@strata/providers-aws/register': source('providers-aws/src/register-aws-providers.ts'),
      '@strata/providers-aws/master-keys': source('providers-aws/src/register-aws-master-keys.ts'),
      '@strata/core': pkg('core'),
      '@strata/store-testkit': pkg('store-testkit'),
      '@strata/testkit-aws': pkg('testkit-aws'),
      '@strata/store-sqlite': pkg('store-sqlite'),
      '@strata/store-s3': pkg('store-s3'),
      '@strata/providers-aws': pkg('providers-aws'),
      '@strata/conformance': pkg('conformance'),
      '@strata/server': pkg('server'),
      '@strata/client': pkg('client'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
