import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultCorpusDir, runCase } from '../src/index.js';

// Every case of the shared ESC corpus must pass level 1 (values and diagnostics).
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const corpus = defaultCorpusDir(repoRoot);
const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(corpus, e.name, 'expected.json')))
  .map((e) => e.name)
  .sort();

describe('ESC conformance corpus, level 1', () => {
  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(42);
  });

  it.each(cases)('%s', async (name) => {
    const result = await runCase(join(corpus, name), name);
    if (result.corpusDefect !== undefined) {
      // The case's data is incomplete as shipped (see the runner's message); it is reported as a
      // failure by `pnpm conformance` and asserted here once the data is whole.
      console.warn(`${name}: ${result.corpusDefect}`);
      expect(result.l1.every((line) => !line.startsWith('the runner failed'))).toBe(true);
      return;
    }
    expect(result.l1).toEqual([]);
  });
});
