// The whole test command: format, lint and type checks, then every vitest suite (unit, property,
// conformance, store contracts, end-to-end). Ends with the line `N passed, N failed`.
import { readFileSync, mkdirSync, rmSync } from 'node:fs';
import { ensureChromium } from './browser.mjs';
import { pnpm } from './pnpm.mjs';

const checks = [
  ['format (prettier)', ['exec', 'prettier', '--check', '--log-level=warn', '.']],
  ['lint (eslint, type-aware)', ['exec', 'eslint', '--max-warnings=0', '.']],
  [
    'types (tsc, every package)',
    ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'],
  ],
];

let passed = 0;
let failed = 0;
for (const [name, args] of checks) {
  console.log(`\n== ${name}`);
  if (pnpm(args) === 0) passed++;
  else {
    failed++;
    console.log(`!! ${name} failed`);
  }
}

// The console's tests need a browser: installed here when missing and possible; the tests skip
// (or fail, with STRATA_REQUIRE_BROWSER=1) without one, saying why.
const browser = ensureChromium();
if (browser.path !== undefined) process.env.STRATA_CHROMIUM = browser.path;
else process.env.STRATA_NO_BROWSER_REASON = browser.reason;

console.log('\n== tests (vitest)');
mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
// A run that fails before reporting (a global setup error) must not be read as the last run.
rmSync(report, { force: true });
const status = pnpm([
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${report}`,
]);
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load has no failed tests of its own: count it.
  failed += results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
} catch {
  failed++;
}
if (status !== 0 && failed === 0) failed++;

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
