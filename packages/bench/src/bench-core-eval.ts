import { parse as yamlParse } from 'yaml';
import {
  evaluateEnvironment,
  parseEnvironment,
  type EnvironmentLoader,
  type ParseResult,
} from '@strata/core';
import { generateEnvironments } from './generate-environments.js';
import { medianMs } from './_measure.js';

const noDecrypter = { decrypt: () => Promise.reject(new Error('no ciphertext here')) };

export interface EvalFigures {
  readonly evalMs: number;
  readonly yamlParseMs: number;
  readonly strataParseMs: number;
  readonly diagnostics: number;
}

/**
 * Evaluation cost against YAML parsing for `count` generated environments: one open of a root that
 * imports all of them (each evaluated once), from already-parsed definitions, versus `yaml.parse`
 * of the same files.
 */
export async function measureEvaluation(count: number, runs: number): Promise<EvalFigures> {
  const sources = generateEnvironments(count);
  const texts = [...sources.values()];
  const yamlParseMs = await medianMs(() => {
    for (const text of texts) yamlParse(text);
  }, runs);
  const parsed = new Map<string, ParseResult>();
  const strataParseMs = await medianMs(() => {
    for (const [name, text] of sources) parsed.set(name, parseEnvironment(name, text));
  }, runs);
  const loader: EnvironmentLoader = {
    load(name) {
      const found = parsed.get(name);
      if (found === undefined) return Promise.reject(new Error(`environment ${name} not found`));
      return Promise.resolve({ definition: '', parsed: found, decrypter: noDecrypter });
    },
  };
  const rootText = `imports:\n${[...sources.keys()].map((name) => `  - ${name}`).join('\n')}\nvalues:\n  root: true\n`;
  const root = parseEnvironment('gen/root', rootText).environment!;
  let diagnostics = 0;
  const evalMs = await medianMs(async () => {
    const result = await evaluateEnvironment({
      name: 'gen/root',
      environment: root,
      mode: 'eval',
      loader,
    });
    diagnostics = result.diagnostics.length;
  }, runs);
  return { evalMs, yamlParseMs, strataParseMs, diagnostics };
}
