// Finds the ESC conformance corpus once per test run and hands it to the suites that read it. A
// clone without the corpus skips them with one line; STRATA_REQUIRE_CORPUS=1 (set by CI) fails.
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { corpusCases, defaultCorpusDir } from '../packages/conformance/src/corpus-dir.js';
import type {} from './vitest-provided.js'; // the types of what it provides

export default function setup(project: TestProject): void {
  const dir = defaultCorpusDir(fileURLToPath(new URL('..', import.meta.url)));
  const cases = corpusCases(dir);
  const present = cases.length > 0;
  if (!present) {
    if (process.env['STRATA_REQUIRE_CORPUS'] === '1') {
      throw new Error(
        `the ESC conformance corpus is required (STRATA_REQUIRE_CORPUS=1) but ${dir} holds no cases`,
      );
    }
    console.log(
      `skipping the ESC corpus suites: no corpus at ${dir} (set STRATA_CONFORMANCE_DIR to a conformance folder to run them)`,
    );
  }
  project.provide('escCorpus', { dir, present, cases });
}
