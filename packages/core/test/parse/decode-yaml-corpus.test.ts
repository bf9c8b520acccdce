import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { SourceRange } from '../../src/diagnostics/diagnostic.js';
import { decodeYaml } from '../../src/parse/decode-yaml.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';

// The ESC corpus lives in shared/ beside the repository (read-only, never copied in).
// The global setup finds the corpus and skips these suites without one.
const { dir: CORPUS, present, cases } = inject('escCorpus');

interface JsonPos {
  line: number;
  column: number;
  byte: number;
}
interface JsonRange {
  begin: JsonPos;
  end: JsonPos;
}
interface JsonExpr {
  range?: JsonRange;
  list?: JsonExpr[];
  object?: Record<string, JsonExpr>;
  keyRanges?: Record<string, JsonRange>;
  builtin?: { nameRange?: JsonRange; arg?: JsonExpr };
}

interface Tally {
  compared: number;
  lineColumnMismatches: string[];
  byteMismatches: string[];
}

const isZero = (r: JsonRange): boolean => r.begin.line === 0 && r.end.line === 0;

function compareRange(tally: Tally, where: string, expected: JsonRange, actual: SourceRange): void {
  if (isZero(expected)) return;
  tally.compared++;
  const e = `${expected.begin.line}:${expected.begin.column}-${expected.end.line}:${expected.end.column}`;
  const a = `${actual.start.line}:${actual.start.column}-${actual.end.line}:${actual.end.column}`;
  if (e !== a) tally.lineColumnMismatches.push(`${where}: expected ${e}, got ${a}`);
  const eb = `${expected.begin.byte}-${expected.end.byte}`;
  const ab = `${actual.start.byte}-${actual.end.byte}`;
  if (eb !== ab) tally.byteMismatches.push(`${where}: expected bytes ${eb}, got ${ab}`);
}

function compareExpr(tally: Tally, where: string, expr: JsonExpr, node: SyntaxNode): void {
  if (expr.range) compareRange(tally, where, expr.range, node.range);
  if (expr.list && node.kind === 'array') {
    expr.list.forEach((item, i) => {
      const child = node.items[i];
      if (child) compareExpr(tally, `${where}[${i}]`, item, child);
    });
  }
  if (node.kind !== 'object') return;
  const entry = (key: string) => node.entries.find((e) => e.key.value === key);
  for (const [key, child] of Object.entries(expr.object ?? {})) {
    const e = entry(key);
    if (e) compareExpr(tally, `${where}.${key}`, child, e.value);
  }
  for (const [key, range] of Object.entries(expr.keyRanges ?? {})) {
    // ESC records key ranges in a map, so a repeated key keeps its last occurrence's range.
    const e = node.entries.findLast((x) => x.key.value === key);
    if (e) compareRange(tally, `${where}.${key}(key)`, range, e.key.range);
  }
  const call = node.entries.length === 1 ? node.entries[0] : undefined;
  if (expr.builtin && call) {
    if (expr.builtin.nameRange)
      compareRange(tally, `${where}(name)`, expr.builtin.nameRange, call.key.range);
    if (expr.builtin.arg) compareExpr(tally, `${where}(arg)`, expr.builtin.arg, call.value);
  }
}

describe.skipIf(!present)('decodeYaml against the ESC corpus', () => {
  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(42);
  });

  it('decodes every env.yaml; ranges of check expressions match in line and column', () => {
    const tally: Tally = { compared: 0, lineColumnMismatches: [], byteMismatches: [] };
    let decoded = 0;
    for (const dir of cases) {
      const source = readFileSync(join(CORPUS, dir, 'env.yaml'));
      const overridesPath = join(CORPUS, dir, 'overrides.json');
      const overrides = existsSync(overridesPath)
        ? (JSON.parse(readFileSync(overridesPath, 'utf8')) as { rootEnvironment?: string })
        : {};
      const name = overrides.rootEnvironment ?? dir;
      const expected = JSON.parse(readFileSync(join(CORPUS, dir, 'expected.json'), 'utf8')) as {
        loadDiags?: { Summary: string; Subject: unknown }[];
        check?: { exprs?: Record<string, JsonExpr> };
      };
      const result = decodeYaml(name, source);
      const yamlFailure = expected.loadDiags?.find(
        (d) => d.Subject === null && d.Summary.startsWith('yaml:'),
      );
      if (yamlFailure) {
        expect(result.node, dir).toBeUndefined();
        expect(result.diagnostics.map((d) => d.summary)).toEqual([yamlFailure.Summary]);
        continue;
      }
      expect(result.diagnostics, dir).toEqual([]);
      expect(result.node, dir).toBeDefined();
      decoded++;
      const root = result.node;
      if (root?.kind !== 'object') continue;
      expect(root.range.start.line).toBeGreaterThan(0);
      const values = root.entries.find((e) => e.key.value.toLowerCase() === 'values')?.value;
      if (values?.kind !== 'object') continue;
      for (const [key, expr] of Object.entries(expected.check?.exprs ?? {})) {
        const entry = values.entries.find((e) => e.key.value === key);
        if (entry) compareExpr(tally, `${dir}: ${key}`, expr, entry.value);
      }
    }
    // Reported for the record; the test fails on any line/column difference.
    console.info(
      `corpus: ${decoded} documents decoded; ${tally.compared} ranges compared, ` +
        `${tally.compared - tally.lineColumnMismatches.length} match in line/column, ` +
        `${tally.compared - tally.byteMismatches.length} also in bytes`,
    );
    expect(tally.compared).toBeGreaterThan(500);
    expect(tally.lineColumnMismatches).toEqual([]);
  });

  it.each(
    cases.flatMap((dir) =>
      readdirSync(join(CORPUS, dir))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => [dir, f]),
    ),
  )('%s/%s decodes without throwing', (dir, file) => {
    const result = decodeYaml(dir, readFileSync(join(CORPUS, dir, file), 'utf8'));
    expect(result.node !== undefined || result.diagnostics.length > 0).toBe(true);
  });
});
