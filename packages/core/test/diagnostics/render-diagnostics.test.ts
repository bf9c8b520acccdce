import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourceRange } from '../../src/diagnostics/diagnostic.js';
import {
  formatDiagnosticsEsc,
  renderDiagnostic,
  renderDiagnostics,
} from '../../src/diagnostics/render-diagnostics.js';

function range(
  filename: string,
  [line, column]: [number, number],
  [endLine, endColumn]: [number, number] = [line, column],
): SourceRange {
  return {
    filename,
    start: { line, column, byte: 0 },
    end: { line: endLine, column: endColumn, byte: 0 },
  };
}

function diag(
  summary: string,
  at?: SourceRange,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return { code: 'UNKNOWN_PROPERTY', severity, summary, path: '', range: at };
}

const SOURCE = 'values:\n  object: {}\n  missing: ${foo}\n\tinvalid: {x: 1}\r\n';

describe('renderDiagnostic', () => {
  it('prints location, source line and an underline of the range', () => {
    const d = diag('unknown property "foo"', range('test', [3, 12], [3, 18]));
    expect(renderDiagnostic(d, SOURCE, { color: false })).toBe(
      [
        'test:3:12: error: unknown property "foo"',
        ' 3 |   missing: ${foo}',
        '   |            ^^^^^^',
        '',
      ].join('\n'),
    );
  });

  it.each<[string, SourceRange, string]>([
    ['an empty range gets one caret', range('test', [3, 12]), '   |            ^'],
    [
      'a multi-line range stops at the end of the line',
      range('test', [3, 12], [4, 2]),
      '   |            ^^^^^^',
    ],
    [
      'a range past the line end is clamped',
      range('test', [3, 17], [3, 40]),
      '   |                 ^',
    ],
    ['tabs are kept so carets line up', range('test', [4, 2], [4, 9]), '   | \t^^^^^^^'],
  ])('%s', (_name, at, underline) => {
    const lines = renderDiagnostic(diag('x', at), SOURCE, { color: false }).split('\n');
    expect(lines[2]).toBe(underline);
  });

  it('strips a carriage return from the source line', () => {
    const out = renderDiagnostic(diag('x', range('test', [4, 2])), SOURCE, { color: false });
    expect(out.split('\n')[1]).toBe(' 4 | \tinvalid: {x: 1}');
  });

  it.each<[string, Diagnostic, string | undefined, string]>([
    ['without a range', diag('no environment'), SOURCE, 'error: no environment\n'],
    ['without source', diag('x', range('test', [3, 12])), undefined, 'test:3:12: error: x\n'],
    ['with a zero range', diag('x', range('test', [0, 0])), SOURCE, 'test: error: x\n'],
    ['beyond the source', diag('x', range('test', [99, 1])), SOURCE, 'test:99:1: error: x\n'],
    ['a warning', diag('w', undefined, 'warning'), undefined, 'warning: w\n'],
  ])('%s', (_name, d, source, expected) => {
    expect(renderDiagnostic(d, source, { color: false })).toBe(expected);
  });

  it('colours only when asked', () => {
    const d = diag('x', range('test', [3, 12]));
    expect(renderDiagnostic(d, SOURCE, { color: true })).toContain('\x1b[1;31merror\x1b[0m');
    expect(renderDiagnostic(d, SOURCE, { color: false })).not.toContain('\x1b');
  });
});

describe('formatDiagnosticsEsc', () => {
  it('matches open-json-error.yaml', () => {
    const diags = [
      diag('expected string, got object', range('test', [4, 31])),
      diag('unknown property "foo"', range('test', [3, 16])),
    ];
    expect(formatDiagnosticsEsc(diags)).toBe(
      'test:3:16: unknown property "foo"\ntest:4:31: expected string, got object\n',
    );
  });

  it('sorts range-less diagnostics first by summary, then by file, line and column', () => {
    const diags = [
      diag('e', range('b', [1, 1])),
      diag('d', range('a', [2, 1])),
      diag('c', range('a', [1, 5])),
      diag('b', range('a', [1, 2])),
      diag('z'),
      diag('y'),
      diag('line zero', range('a', [0, 0])),
    ];
    expect(formatDiagnosticsEsc(diags)).toBe(
      ['y', 'z', 'a: line zero', 'a:1:2: b', 'a:1:5: c', 'a:2:1: d', 'b:1:1: e', ''].join('\n'),
    );
  });

  it('does not reorder its input', () => {
    const diags = [diag('b', range('t', [2, 1])), diag('a', range('t', [1, 1]))];
    formatDiagnosticsEsc(diags);
    expect(diags.map((d) => d.summary)).toEqual(['b', 'a']);
  });
});

describe('renderDiagnostics', () => {
  const many = (count: number, severity: Diagnostic['severity'] = 'error') =>
    Array.from({ length: count }, (_, i) =>
      diag(`problem ${i}`, range('test', [1 + (i % 3), 1]), severity),
    );

  it('renders each diagnostic as renderDiagnostic does, with its own source', () => {
    const list = [
      diag('unknown property "foo"', range('test', [3, 12], [3, 18])),
      diag('elsewhere', range('other', [1, 1])),
      diag('no range'),
    ];
    expect(renderDiagnostics(list, { test: SOURCE }, { color: false })).toBe(
      renderDiagnostic(list[0]!, SOURCE, { color: false }) +
        renderDiagnostic(list[1]!, undefined, { color: false }) +
        renderDiagnostic(list[2]!, undefined, { color: false }),
    );
  });

  it('shows the first fifty, then counts the errors and warnings left out', () => {
    const list = [...many(60), ...many(3, 'warning')];
    const out = renderDiagnostics(list, { test: SOURCE }, { color: false });
    expect(out.match(/: error: problem/g)).toHaveLength(50);
    expect(out).toContain('problem 49\n');
    expect(out).not.toContain('problem 50\n');
    expect(
      out.endsWith(
        '... and 10 more errors and 3 more warnings not shown; fix the ones above first\n',
      ),
    ).toBe(true);
    expect(renderDiagnostics(many(2), {}, { color: false, limit: 1 })).toContain(
      '... and 1 more error not shown',
    );
    expect(renderDiagnostics(many(5), {}, { color: false, limit: 5 })).not.toContain('not shown');
  });

  it('shows a window of a long line around the range, the carets under it', () => {
    const long = `values:\n  k: ${'x'.repeat(500)}\${nope}${'y'.repeat(500)}\n`;
    const column = 6 + 500;
    const d = diag('unknown property "nope"', range('test', [2, column], [2, column + 7]));
    const [, line, carets] = renderDiagnostics([d], { test: long }, { color: false }).split('\n');
    expect(line!.length).toBeLessThan(200);
    expect(line).toMatch(/^ 2 \| \.\.\.x+\$\{nope\}y+\.\.\.$/);
    expect(line!.indexOf('${nope}')).toBe(carets!.indexOf('^'));
    expect(carets).toMatch(/\^{7}$/);
  });
});
