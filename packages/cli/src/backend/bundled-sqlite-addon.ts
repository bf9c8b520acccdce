import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Set by scripts/bundle.mjs, which bundles better-sqlite3's JavaScript into the CLI (it then loads
// from the code cache instead of a dozen files): the addon's path relative to the bundle. Absent
// when the CLI runs as compiled, file by file, where better-sqlite3 finds its addon itself.
declare const STRATA_BUNDLED_SQLITE_ADDON: string | undefined;

/** better-sqlite3's compiled addon, for a CLI that runs bundled; else undefined. */
export function bundledSqliteAddon(): string | undefined {
  if (typeof STRATA_BUNDLED_SQLITE_ADDON !== 'string') return undefined;
  const beside = fileURLToPath(new URL(STRATA_BUNDLED_SQLITE_ADDON, import.meta.url));
  if (existsSync(beside)) return beside;
  // Installed in another layout than the one it was bundled in: look the package up.
  return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
}
