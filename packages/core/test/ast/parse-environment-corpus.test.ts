// parseEnvironment against the ESC corpus: load diagnostics of every env.yaml (and of imported
// files, which ESC reports among the check diagnostics), and accessor ranges of the `check` exprs.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Expr } from '../../src/ast/expr.js';
import { parseEnvironment } from '../../src/ast/parse-environment.js';
import type { PropertyAccess } from '../../src/ast/property-access.js';
import type { Diagnostic, SourceRange } from '../../src/diagnostics/diagnostic.js';

// The corpus lives in shared/ beside the repository (read-only, never copied in).
// The global setup finds the corpus and skips these suites without one.
const { dir: CORPUS, present, cases } = inject('escCorpus');

interface GoPos {
  Line: number;
  Column: number;
}
interface GoDiagnostic {
  Severity: number;
  Summary: string;
  Path: string;
  Subject: { Filename: string; Start: GoPos; End: GoPos } | null;
}
interface JsonRange {
  begin: { line: number; column: number };
  end: { line: number; column: number };
}
interface JsonAccessor {
  range: JsonRange;
}
interface JsonExpr {
  range?: JsonRange;
  symbol?: JsonAccessor[];
  interpolate?: Array<{ text?: string; value?: JsonAccessor[] }>;
  list?: JsonExpr[];
  object?: Record<string, JsonExpr>;
  builtin?: { name: string; arg?: JsonExpr };
}
interface Expected {
  loadDiags?: GoDiagnostic[] | null;
  checkDiags?: GoDiagnostic[] | null;
  check?: { exprs?: Record<string, JsonExpr> };
}

/** (severity, summary, path, file:line:col-line:col) — what the corpus fixes for a diagnostic. */
type Row = [severity: string, summary: string, path: string, at: string | null];

function fromGo(d: GoDiagnostic): Row {
  const s = d.Subject;
  const at = s && `${s.Filename}:${s.Start.Line}:${s.Start.Column}-${s.End.Line}:${s.End.Column}`;
  return [d.Severity === 1 ? 'error' : 'warning', d.Summary, d.Path, at];
}

function fromOurs(d: Diagnostic): Row {
  const r = d.range;
  const at = r && `${r.filename}:${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
  return [d.severity, d.summary, d.path, at ?? null];
}

/** The harness order: range-less first by summary, then file, line, column (stable otherwise). */
function harnessOrder(rows: Row[]): Row[] {
  const position = (row: Row): [string, number, number] => {
    const m = /^(.*):(\d+):(\d+)-/.exec(row[3] ?? '');
    return m ? [m[1]!, Number(m[2]), Number(m[3])] : ['', 0, 0];
  };
  return [...rows].sort((a, b) => {
    if ((a[3] === null) !== (b[3] === null)) return a[3] === null ? -1 : 1;
    if (a[3] === null) return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
    const [fa, la, ca] = position(a);
    const [fb, lb, cb] = position(b);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb;
  });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? yamlFiles(join(dir, e.name))
      : e.name.endsWith('.yaml')
        ? [join(dir, e.name)]
        : [],
  );
}

const lineColumn = (r: SourceRange): string =>
  `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
const jsonLineColumn = (r: JsonRange): string =>
  `${r.begin.line}:${r.begin.column}-${r.end.line}:${r.end.column}`;

/** Pairs our expressions with the corpus's `check.exprs`, collecting [where, expected, actual] ranges. */
function collectRanges(
  expected: JsonExpr,
  actual: Expr | undefined,
  where: string,
  out: string[][],
): void {
  if (actual === undefined) return;
  if (expected.range && expected.range.begin.line !== 0) {
    out.push([where, jsonLineColumn(expected.range), lineColumn(actual.range)]);
  }
  const accessors = (want: JsonAccessor[], got: PropertyAccess | undefined, at: string): void => {
    want.forEach((accessor, i) => {
      const mine = got?.accessors[i];
      // Quoted and multi-line strings have no accessor ranges in ESC (zero); ours are the node's.
      if (accessor.range.begin.line === 0) return;
      out.push([
        `${at}[${i}]`,
        jsonLineColumn(accessor.range),
        mine ? lineColumn(mine.range) : 'missing',
      ]);
    });
  };
  if (expected.symbol)
    accessors(expected.symbol, actual.kind === 'symbol' ? actual.access : undefined, `${where}$`);
  if (expected.interpolate) {
    const parts = actual.kind === 'interpolate' ? actual.parts : [];
    expected.interpolate.forEach((part, i) => {
      if (part.value) accessors(part.value, parts[i]?.access, `${where}$${i}`);
    });
  }
  if (expected.list && actual.kind === 'array') {
    expected.list.forEach((e, i) => collectRanges(e, actual.elements[i], `${where}[${i}]`, out));
  }
  if (expected.object && actual.kind === 'object') {
    for (const [key, e] of Object.entries(expected.object)) {
      collectRanges(
        e,
        actual.entries.find((entry) => entry.key === key)?.value,
        `${where}.${key}`,
        out,
      );
    }
  }
  const arg = expected.builtin?.arg;
  if (arg && actual.kind === 'builtin') {
    const at = `${where}(${actual.name})`;
    switch (actual.builtin) {
      case 'open':
      case 'rotate':
        if (arg.object)
          collectRanges(arg.object['inputs'] ?? {}, actual.inputs, `${at}.inputs`, out);
        else collectRanges(arg, actual.inputs, at, out);
        if (actual.builtin === 'rotate' && arg.object?.['state']) {
          collectRanges(arg.object['state'], actual.state, `${at}.state`, out);
        }
        break;
      case 'join':
      case 'split':
        arg.list?.forEach((e, i) => collectRanges(e, actual.args?.[i], `${at}[${i}]`, out));
        break;
      case 'concat':
        arg.list?.forEach((e, i) => collectRanges(e, actual.arrays?.[i], `${at}[${i}]`, out));
        break;
      case 'validate':
        collectRanges(arg.object?.['schema'] ?? {}, actual.schema, `${at}.schema`, out);
        collectRanges(arg.object?.['value'] ?? {}, actual.value, `${at}.value`, out);
        break;
      case 'secret':
        break;
      default:
        collectRanges(arg, actual.arg, at, out);
    }
  }
}

describe.skipIf(!present)('parseEnvironment against the ESC corpus', () => {
  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(42);
  });

  it.each(cases)('%s: load diagnostics of env.yaml', (name) => {
    const dir = join(CORPUS, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const overridesPath = join(dir, 'overrides.json');
    const overrides = existsSync(overridesPath)
      ? (JSON.parse(readFileSync(overridesPath, 'utf8')) as { rootEnvironment?: string })
      : {};
    const result = parseEnvironment(
      overrides.rootEnvironment ?? name,
      readFileSync(join(dir, 'env.yaml')),
    );
    expect(harnessOrder(result.diagnostics.map(fromOurs))).toEqual(
      (expected.loadDiags ?? []).map(fromGo),
    );
  });

  it.each(cases)(
    '%s: load diagnostics of imported files appear among the check diagnostics',
    (name) => {
      const dir = join(CORPUS, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const checkRows = (expected.checkDiags ?? []).map(fromGo);
      for (const file of yamlFiles(dir)) {
        const importName = relative(dir, file).replace(/\.yaml$/, '');
        if (importName === 'env') continue;
        const rows = parseEnvironment(importName, readFileSync(file)).diagnostics.map(fromOurs);
        for (const row of rows) expect(checkRows).toContainEqual(row);
      }
    },
  );

  it('reports the load error of import-invalid/bad', () => {
    const dir = join(CORPUS, 'import-invalid');
    const rows = parseEnvironment('bad', readFileSync(join(dir, 'bad.yaml'))).diagnostics.map(
      fromOurs,
    );
    expect(rows).toEqual([
      [
        'error',
        'builtin function call "fn::secret" not allowed at the top level',
        'values["fn::secret"]',
        'bad:2:3-2:13',
      ],
    ]);
  });

  it.each(cases.filter((name) => existsSync(join(CORPUS, name, 'env.yaml'))))(
    '%s: expression and accessor ranges match check.exprs',
    (name) => {
      const dir = join(CORPUS, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const exprs = expected.check?.exprs;
      const values = parseEnvironment(name, readFileSync(join(dir, 'env.yaml'))).environment
        ?.values;
      const ranges: string[][] = [];
      for (const [key, e] of Object.entries(exprs ?? {})) {
        collectRanges(e, values?.entries.find((entry) => entry.key === key)?.value, key, ranges);
      }
      expect(ranges.filter(([, want, got]) => want !== got)).toEqual([]);
      if (exprs !== undefined && Object.keys(exprs).length > 0)
        expect(ranges.length).toBeGreaterThan(0);
    },
  );
});
