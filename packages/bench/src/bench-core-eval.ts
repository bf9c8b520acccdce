import { parse as yamlParse } from 'yaml';
import {
  evaluateEnvironment,
  parseEnvironment,
  type EnvironmentDecl,
  type EnvironmentLoader,
  type ParseResult,
} from '@strata/core';
import { generateEnvironments } from './generate-environments.js';
import { interleavedMedianMs } from './_measure.js';

const noDecrypter = { decrypt: () => Promise.reject(new Error('no ciphertext here')) };

// The 2,000-environment graph builds more values than one evaluation may by default (a bound
// meant for real environments): the per-pass totals are lifted for every size alike, so the
// bounds are still checked as they are in any open.
const LIMITS = { maxValues: Infinity, maxWork: Infinity, maxTotalStringLength: Infinity };

export interface EvalFigures {
  readonly evalMs: number;
  readonly yamlParseMs: number;
  readonly strataParseMs: number;
  /** Absent when not measured (see `measureEvaluation`). */
  readonly openMs?: number | undefined;
  readonly diagnostics: number;
}

/**
 * Costs of `count` generated environments, measured side by side (interleaved rounds, one
 * process, the same texts):
 *
 * - `yaml.parse` of every file (the library's own parse, to plain data);
 * - Strata's parse of every file (`parseEnvironment`, to a declared environment);
 * - evaluation of a root that imports all of them (each evaluated once), from definitions parsed
 *   beforehand;
 * - with `open`, the whole open: Strata's parse of every file (in the loader, nothing cached)
 *   plus that evaluation.
 */
export async function measureEvaluation(
  count: number,
  runs: number,
  open = true,
): Promise<EvalFigures> {
  const sources = generateEnvironments(count);
  const texts = [...sources.values()];
  const rootText = `imports:\n${[...sources.keys()].map((name) => `  - ${name}`).join('\n')}\nvalues:\n  root: true\n`;

  const loaderOf = (parse: (name: string) => ParseResult): EnvironmentLoader => ({
    load(name) {
      if (!sources.has(name)) return Promise.reject(new Error(`environment ${name} not found`));
      return Promise.resolve({ definition: '', parsed: parse(name), decrypter: noDecrypter });
    },
  });
  let diagnostics = 0;
  const evaluate = async (root: EnvironmentDecl, loader: EnvironmentLoader) => {
    const result = await evaluateEnvironment({
      name: 'gen/root',
      environment: root,
      mode: 'eval',
      loader,
      limits: LIMITS,
    });
    diagnostics = Math.max(diagnostics, result.diagnostics.length);
  };

  // Each parse keeps every file's result until it has parsed them all, as a program that uses
  // them would (and as evaluation keeps its imports).
  const entries = [...sources];
  const strataParseAll = () => entries.map(([name, text]) => parseEnvironment(name, text));
  const parsed = new Map(strataParseAll().map((result, i) => [entries[i]![0], result]));
  const parsedLoader = loaderOf((name) => parsed.get(name)!);
  const parsedRoot = parseEnvironment('gen/root', rootText).environment!;
  const parsingLoader = loaderOf((name) => parseEnvironment(name, sources.get(name)!));

  const fns: Record<string, () => unknown> = {
    yamlParse: () => texts.map((text) => yamlParse(text) as unknown),
    strataParse: strataParseAll,
    eval: () => evaluate(parsedRoot, parsedLoader),
  };
  if (open) {
    fns['open'] = () =>
      evaluate(parseEnvironment('gen/root', rootText).environment!, parsingLoader);
  }
  const ms: Record<string, number> = await interleavedMedianMs(fns, runs);
  return {
    evalMs: ms['eval']!,
    yamlParseMs: ms['yamlParse']!,
    strataParseMs: ms['strataParse']!,
    openMs: ms['open'],
    diagnostics,
  };
}
