#!/usr/bin/env node
// `pnpm conformance [DIR]`: runs every case under DIR and prints what differs.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusCases, defaultCorpusDir } from './corpus-dir.js';
import { runCorpus } from './run-corpus.js';
import { L2_KNOWN_GAPS } from './known-gaps.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dir = process.argv[2] !== undefined ? resolve(process.argv[2]) : defaultCorpusDir(repoRoot);
if (corpusCases(dir).length === 0) {
  console.error(`error: no conformance cases (directories holding expected.json) in ${dir}`);
  console.error(
    'hint: pass a corpus directory, or set STRATA_CONFORMANCE_DIR to a conformance folder',
  );
  process.exit(2);
}
const result = await runCorpus(dir);

for (const c of result.cases) {
  if (c.l1.length > 0) {
    console.log(`FAIL L1 ${c.name}`);
    for (const line of c.l1) console.log(`  ${line}`);
  } else if (c.l2.length > 0) {
    const reason = L2_KNOWN_GAPS[c.name];
    console.log(`MISS L2 ${c.name}${reason === undefined ? '' : ` (known gap: ${reason})`}`);
    for (const line of c.l2) console.log(`  ${line}`);
  }
}
console.log(`conformance L1: ${result.l1.passed} passed, ${result.l1.failed} failed`);
console.log(`conformance L2: ${result.l2.passed} passed, ${result.l2.failed} failed`);
process.exitCode = result.l1.failed > 0 ? 1 : 0;
