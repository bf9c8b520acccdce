// Bundles the compiled CLI into CommonJS chunks: start-up then reads a handful of files instead of
// hundreds, and bin/strata.js can load them through V8's code cache (src/compile-cache.ts), which
// Node 20 offers for CommonJS only.
//
// One `common` chunk holds what most commands need: the CLI itself, @strata/core, yaml and zod.
// With the code cache, code in it that a command never calls costs next to nothing. Commands, the
// SQLite store (with better-sqlite3's JavaScript), the S3 store, the AWS providers and the OIDC
// commands stay in chunks of their own, required only when a command needs them; the AWS SDK and
// better-sqlite3's compiled addon stay outside the bundle.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const OUT = 'dist/bundle';

/** Module ids (absolute paths) that go in the common chunk. */
function isCommon(id) {
  const path = id.replaceAll('\\', '/');
  if (/\/node_modules\/\.pnpm\/yaml@/.test(path)) return true;
  // zod/mini (what the stores and providers use); classic zod serves only the server's chunk.
  if (/\/node_modules\/\.pnpm\/zod@/.test(path)) return !/\/zod\/v4\/classic\//.test(path);
  if (path.includes('/packages/core/dist/')) return true;
  if (path.includes('/packages/cli/dist/')) {
    // Declarations of commands (`<name>.command.js`) make the command table: every command needs it.
    if (/\/cli\/dist\/commands\/[^/]+\.command\.js$/.test(path)) return true;
    // Commands, and what only some commands need (child processes: run/, definition/editor.js),
    // load on use.
    return !/\/cli\/dist\/(oidc\/|commands\/|run\/|definition\/editor\.js|compile-cache\.js)/.test(
      path,
    );
  }
  return false;
}

/** better-sqlite3's addon, preferably through the package's own node_modules link. */
function sqliteAddon() {
  const linked = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  if (existsSync(linked)) return resolve(linked);
  return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
}

// The compile cache keys its caches by command (src/compile-cache.ts) before the bundle that holds
// the command table loads: it gets the table's paths and aliases from here.
const { COMMANDS, commandPaths } = await import(
  pathToFileURL(resolve('dist/command-table.js')).href
);

await rm(OUT, { recursive: true, force: true });
await build({
  input: { strata: 'dist/main.js', 'compile-cache': 'dist/compile-cache.js' },
  platform: 'node',
  external: [/^node:/, /^@aws-sdk\//],
  logLevel: 'warn',
  transform: {
    // STRATA_COMMAND_PATHS is read by src/compile-cache.ts; STRATA_BUNDLED_SQLITE_ADDON by
    // src/backend/bundled-sqlite-addon.ts, relative to the chunk that holds it.
    define: {
      STRATA_COMMAND_PATHS: JSON.stringify(commandPaths(COMMANDS)),
      STRATA_BUNDLED_SQLITE_ADDON: JSON.stringify(
        relative(resolve(OUT), sqliteAddon()).replaceAll('\\', '/'),
      ),
    },
  },
  output: {
    dir: OUT,
    format: 'cjs',
    // `import()` of an external becomes a lazy require: no ES module loader at start-up.
    dynamicImportInCjs: false,
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    // ASCII source stays one byte per character in V8; comments are for readers of src/.
    charset: 'ascii',
    comments: false,
    codeSplitting: { groups: [{ name: 'common', test: isCommon }] },
  },
});
