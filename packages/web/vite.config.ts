// The console's build: one page, its scripts and styles bundled into dist/ (no other host is ever
// asked for anything). @strata/core runs in the page to check definitions as they are typed; its
// Node-only modules are never reached from the page, and `Buffer`, which its parser and evaluator
// use, comes from the `buffer` package (src/buffer-global.ts).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const stub = fileURLToPath(new URL('./src/node-stub.ts', import.meta.url));
// Resolved from here: core, which imports `node:buffer`, does not depend on the package.
const buffer = createRequire(import.meta.url).resolve('buffer/');

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    alias: [
      { find: /^node:buffer$/, replacement: buffer },
      // Core's server-side modules (keyring, master key, accounts) import these; the page never
      // calls them, and tree-shaking drops them.
      { find: /^node:(crypto|fs|fs\/promises|path|os|url)$/, replacement: stub },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The first screen's scripts are listed in the manifest: the bench weighs them.
    manifest: true,
    sourcemap: false,
    reportCompressedSize: false,
    // The editor's chunk (CodeMirror and the evaluator) is large by design and loads on demand.
    chunkSizeWarningLimit: 1500,
  },
});
