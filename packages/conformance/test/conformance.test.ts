import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCase } from '../src/index.js';

// Every case of the ESC corpus must pass level 1 (values and diagnostics), compared in full. The
// global setup finds the corpus (scripts/vitest-global-setup.ts) and skips this suite without one.
const corpus = inject('escCorpus');
const { cases } = corpus;

describe.skipIf(!corpus.present)('ESC conformance corpus, level 1', () => {
  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(42);
  });

  it.each(cases)('%s', async (name) => {
    const result = await runCase(join(corpus.dir, name), name);
    expect(result.l1).toEqual([]);
  });
});
