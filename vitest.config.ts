import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string) =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sources, so a change is tested without a build; the end-to-end CLI tests
    // spawn the built binary instead.
    alias: {
      '@strata/core': pkg('core'),
      '@strata/store-testkit': pkg('store-testkit'),
      '@strata/testkit-aws': pkg('testkit-aws'),
      '@strata/store-sqlite': pkg('store-sqlite'),
      '@strata/store-s3': pkg('store-s3'),
      '@strata/providers-aws': pkg('providers-aws'),
      '@strata/conformance': pkg('conformance'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
