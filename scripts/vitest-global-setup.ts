// Finds the ESC conformance corpus once per test run and hands it to the suites that read it. A
// clone without the corpus skips them with one line; STRATA_REQUIRE_CORPUS=1 (set by CI) fails.
// The same for the browser of the web console's tests (STRATA_REQUIRE_BROWSER=1).
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { findChromium } from './browser.mjs';
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

  const chromium = findChromium();
  if (chromium === undefined) {
    const reason =
      process.env['STRATA_NO_BROWSER_REASON'] ??
      'no chromium found (install it, or set STRATA_CHROMIUM to its executable)';
    if (process.env['STRATA_REQUIRE_BROWSER'] === '1')
      throw new Error(`a browser is required (STRATA_REQUIRE_BROWSER=1): ${reason}`);
    console.log(`skipping the web console's browser tests: ${reason}`);
  }
  project.provide(
    'browser',
    chromium === undefined ? { present: false } : { present: true, path: chromium },
  );
}
