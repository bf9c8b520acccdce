import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  evaluateEnvironment,
  parseEnvironment,
  valueToPlainJson,
  type Diagnostic,
  type EnvironmentLoader,
  type EvaluationMode,
  type ProviderRegistry,
  type Value,
} from '@strata/core';
import { rot128, TEST_CONTEXT, testProviders } from './test-providers.js';

export interface CaseOverrides {
  readonly showSecrets?: boolean;
  readonly rootEnvironment?: string;
  readonly rotate?: boolean;
  readonly rotatePaths?: string[];
}

interface ExpectedDiagnostic {
  readonly Severity: number;
  readonly Summary: string;
  readonly Path: string;
  readonly Subject: {
    readonly Filename: string;
    readonly Start: { readonly Line: number; readonly Column: number };
    readonly End: { readonly Line: number; readonly Column: number };
  } | null;
}

type Phase = 'load' | 'check' | 'eval' | 'rotate';

export interface CaseResult {
  readonly name: string;
  /** Differences at level 1 (values, diagnostics as severity/summary/path). */
  readonly l1: string[];
  /** Further differences at level 2 (diagnostic positions). */
  readonly l2: string[];
}

/** The file-system loader of ESC's harness: `NAME` is `NAME.yaml` beside env.yaml. */
export function directoryLoader(dir: string, caseName: string): EnvironmentLoader {
  return {
    async load(name) {
      const file = join(dir, `${name}.yaml`);
      if (!existsSync(file)) {
        throw new Error(`open testdata/eval/${caseName}/${name}.yaml: no such file or directory`);
      }
      return { definition: await readFile(file), decrypter: rot128 };
    },
  };
}

/** Runs one case directory and lists how it differs from expected.json. */
export async function runCase(
  dir: string,
  caseName: string,
  providers: ProviderRegistry = testProviders(),
): Promise<CaseResult> {
  const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const overrides: CaseOverrides = existsSync(join(dir, 'overrides.json'))
    ? (JSON.parse(await readFile(join(dir, 'overrides.json'), 'utf8')) as CaseOverrides)
    : {};
  const name = overrides.rootEnvironment ?? caseName;
  const source = await readFile(join(dir, 'env.yaml'));
  const parsed = parseEnvironment(name, source);
  const l1: string[] = [];
  const l2: string[] = [];
  compareDiagnostics('load', parsed.diagnostics, expected.loadDiags, l1, l2);
  if (parsed.environment === undefined) {
    for (const key of ['checkJson', 'evalJsonRedacted', 'evalJSONRevealed']) {
      if (expected[key] !== undefined)
        l1.push(`${key}: expected a value, but the document did not load`);
    }
    return { name: caseName, l1, l2 };
  }
  const loader = directoryLoader(dir, caseName);
  const run = (mode: EvaluationMode) =>
    evaluateEnvironment({
      name,
      environment: parsed.environment!,
      mode,
      decrypter: rot128,
      loader,
      providers,
      context: TEST_CONTEXT,
      showSecrets: mode === 'check' ? (overrides.showSecrets ?? false) : true,
      rotatePaths: overrides.rotatePaths,
    });

  const checked = await run('check');
  compareDiagnostics('check', checked.diagnostics, expected.checkDiags, l1, l2);
  compareJson('checkJson', render(checked.value, true), expected.checkJson, l1);

  const opened = await run('eval');
  compareDiagnostics('eval', opened.diagnostics, expected.evalDiags, l1, l2);
  compareJson('evalJsonRedacted', render(opened.value, true), expected.evalJsonRedacted, l1);
  compareJson('evalJSONRevealed', render(opened.value, false), expected.evalJSONRevealed, l1);

  if (overrides.rotate === true) {
    const rotated = await run('rotate');
    compareDiagnostics('rotate', rotated.diagnostics, expected.rotateDiags, l1, l2);
  }
  return { name: caseName, l1, l2 };
}

function render(value: Value | undefined, redact: boolean): unknown {
  if (value === undefined) return undefined;
  return normalizeJson(valueToPlainJson(value, { redact }));
}

/** JSON as plain data with numbers as numbers, so `1.50` and `1.5` compare equal (README: L1). */
function normalizeJson(data: unknown): unknown {
  return JSON.parse(
    JSON.stringify(data, (_key, v: unknown) => (isJsonNumber(v) ? Number(v.text) : v)),
  );
}

function isJsonNumber(v: unknown): v is { text: string } {
  return typeof v === 'object' && v !== null && v.constructor.name === 'JsonNumber';
}

function compareJson(label: string, actual: unknown, expected: unknown, out: string[]): void {
  const a = JSON.stringify(sortKeys(actual));
  const e = JSON.stringify(sortKeys(expected === undefined ? undefined : normalizeJson(expected)));
  if (a !== e) out.push(`${label}:\n    expected ${e}\n    actual   ${a}`);
}

function sortKeys(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(sortKeys);
  if (data !== null && typeof data === 'object') {
    return Object.fromEntries(
      Object.keys(data)
        .sort()
        .map((k) => [k, sortKeys((data as Record<string, unknown>)[k])]),
    );
  }
  return data;
}

function severityOf(d: Diagnostic): number {
  return d.severity === 'error' ? 1 : 2;
}

function l1Key(severity: number, summary: string, path: string): string {
  return `${severity === 1 ? 'error' : 'warning'} ${JSON.stringify(summary)} at ${path === '' ? '<root>' : path}`;
}

function positionKey(file: string, sl: number, sc: number, el: number, ec: number): string {
  return `${file}:${sl}:${sc}-${el}:${ec}`;
}

function compareDiagnostics(
  phase: Phase,
  actual: readonly Diagnostic[],
  expectedRaw: unknown,
  l1: string[],
  l2: string[],
): void {
  const expected = (expectedRaw ?? []) as ExpectedDiagnostic[];
  const actualL1 = actual.map((d) => l1Key(severityOf(d), d.summary, d.path));
  const expectedL1 = expected.map((d) => l1Key(d.Severity, d.Summary, d.Path));
  for (const line of multisetDifference(phase, expectedL1, actualL1)) l1.push(line);

  const actualL2 = actual.map((d) => {
    const r = d.range;
    const at =
      r === undefined
        ? 'no position'
        : positionKey(r.filename, r.start.line, r.start.column, r.end.line, r.end.column);
    return `${l1Key(severityOf(d), d.summary, d.path)} @ ${at}`;
  });
  const expectedL2 = expected.map((d) => {
    const s = d.Subject;
    const at =
      s === null
        ? 'no position'
        : positionKey(s.Filename, s.Start.Line, s.Start.Column, s.End.Line, s.End.Column);
    return `${l1Key(d.Severity, d.Summary, d.Path)} @ ${at}`;
  });
  for (const line of multisetDifference(phase, expectedL2, actualL2)) l2.push(line);
}

function multisetDifference(phase: Phase, expected: string[], actual: string[]): string[] {
  const counts = new Map<string, number>();
  for (const e of expected) counts.set(e, (counts.get(e) ?? 0) + 1);
  for (const a of actual) counts.set(a, (counts.get(a) ?? 0) - 1);
  const out: string[] = [];
  for (const [key, n] of counts) {
    if (n > 0) out.push(`${phase} diagnostics: missing ${key}${n > 1 ? ` (x${n})` : ''}`);
    if (n < 0) out.push(`${phase} diagnostics: unexpected ${key}${n < -1 ? ` (x${-n})` : ''}`);
  }
  return out;
}
