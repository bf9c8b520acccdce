import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the ESC evaluator corpus lives: `$STRATA_CONFORMANCE_DIR` (a conformance folder or its
 * `esc-eval` folder), else `../shared/conformance/esc-eval` beside the repository. It is never
 * copied into the repository.
 */
export function defaultCorpusDir(repoRoot: string): string {
  const fromEnv = process.env['STRATA_CONFORMANCE_DIR'];
  const base =
    fromEnv !== undefined && fromEnv !== ''
      ? fromEnv
      : join(repoRoot, '..', 'shared', 'conformance');
  return existsSync(join(base, 'esc-eval')) ? join(base, 'esc-eval') : base;
}

/** The names of the case directories (those holding expected.json) under `dir`, sorted. */
export function corpusCases(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'expected.json')))
    .map((e) => e.name)
    .sort();
}
