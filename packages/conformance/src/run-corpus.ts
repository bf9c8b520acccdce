import { join } from 'node:path';
import { corpusCases } from './corpus-dir.js';
import { runCase, type CaseResult } from './run-case.js';

export interface CorpusResult {
  readonly cases: CaseResult[];
  readonly l1: { passed: number; failed: number };
  readonly l2: { passed: number; failed: number };
}

/** Runs every case directory (one holding expected.json) under `dir`. */
export async function runCorpus(dir: string): Promise<CorpusResult> {
  const names = corpusCases(dir);
  const cases: CaseResult[] = [];
  for (const name of names) {
    try {
      cases.push(await runCase(join(dir, name), name));
    } catch (error) {
      const message = `the runner failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      cases.push({ name, l1: [message], l2: [] });
    }
  }
  const l1Passed = cases.filter((c) => c.l1.length === 0).length;
  const l2Passed = cases.filter((c) => c.l1.length === 0 && c.l2.length === 0).length;
  return {
    cases,
    l1: { passed: l1Passed, failed: cases.length - l1Passed },
    l2: { passed: l2Passed, failed: cases.length - l2Passed },
  };
}
