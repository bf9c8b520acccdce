import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The web console's build (`@strata/web`'s dist), which `strata serve` serves at `/`; undefined
 * when it was not built, and the server then serves the API alone.
 */
export function findConsoleDir(): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@strata/web/package.json');
  } catch {
    return undefined;
  }
  const dir = join(dirname(manifest), 'dist');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
