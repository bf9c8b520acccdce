import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The ESC evaluator corpus: `$STRATA_CONFORMANCE_DIR` (the conformance folder or its esc-eval
 * folder), else `../shared/conformance/esc-eval` beside the repository. It is never copied in.
 */
export function escEvalCorpusDir(): string {
  const fromEnv = process.env['STRATA_CONFORMANCE_DIR'];
  const base =
    fromEnv !== undefined && fromEnv !== ''
      ? fromEnv
      : fileURLToPath(new URL('../../../../shared/conformance', import.meta.url));
  return existsSync(join(base, 'esc-eval')) ? join(base, 'esc-eval') : base;
}
