// Bundles the compiled CLI into a few ES modules: start-up then reads a handful of files instead
// of hundreds. Native and heavy optional modules stay external and load only when used.
import { build } from 'rolldown';

await build({
  input: { strata: 'dist/main.js' },
  platform: 'node',
  external: [/^node:/, 'better-sqlite3', /^@aws-sdk\//],
  logLevel: 'warn',
  output: {
    dir: 'dist/bundle',
    format: 'esm',
    entryFileNames: '[name].mjs',
    chunkFileNames: '[name]-[hash].mjs',
  },
});
