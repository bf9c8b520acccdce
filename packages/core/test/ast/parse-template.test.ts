import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyTemplate, parseTemplate } from '../../src/ast/parse-template.js';
import type { InterpolationPart } from '../../src/ast/property-access.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { stringNode } from './_syntax.js';

/** Parts as [text, dotted access] pairs, e.g. ['hello ', 'a.b']. */
function summarize(parts: readonly InterpolationPart[]): Array<[string, string?]> {
  return parts.map((part) =>
    part.access === undefined
      ? [part.text]
      : [
          part.text,
          part.access.accessors.map((a) => (a.kind === 'index' ? `[${a.index}]` : a.key)).join('.'),
        ],
  );
}

describe('parseTemplate', () => {
  it.each<[string, Array<[string, string?]>, string]>([
    ['', [], 'string'],
    ['plain text', [['plain text']], 'string'],
    ['$$', [['$']], 'string'],
    ['$$$', [['$$']], 'string'],
    ['$${x}', [['${x}']], 'string'],
    ['cost: $5 or $', [['cost: $5 or $']], 'string'],
    ['a$$b$$c', [['a$b$c']], 'string'],
    ['${a}', [['', 'a']], 'symbol'],
    ['${a.b[0]}', [['', 'a.b.[0]']], 'symbol'],
    ['$${a}${b}', [['${a}', 'b']], 'interpolate'],
    ['${a} ', [['', 'a'], [' ']], 'interpolate'],
    [
      '${a}${b}',
      [
        ['', 'a'],
        ['', 'b'],
      ],
      'interpolate',
    ],
    ['hello, ${c.b}', [['hello, ', 'c.b']], 'interpolate'],
    ['x ${a} y $$ ${b} z', [['x ', 'a'], [' y $ ', 'b'], [' z']], 'interpolate'],
    ['${a b}', [['', 'a'], [' b}']], 'interpolate'],
  ])('%j', (text, expected, kind) => {
    const diagnostics: Diagnostic[] = [];
    const parts = parseTemplate(stringNode(text), diagnostics);
    expect(summarize(parts)).toEqual(expected);
    expect(classifyTemplate(parts).kind).toBe(kind);
  });

  it('reports access errors and keeps scanning after them', () => {
    const diagnostics: Diagnostic[] = [];
    const parts = parseTemplate(stringNode('${a b} and ${c[} $${d}'), diagnostics);
    expect(summarize(parts)).toEqual([['', 'a'], [' b} and ', 'c.'], [' ${d}']]);
    expect(diagnostics.map((d) => d.summary)).toEqual([
      "missing closing brace '}' in interpolation",
      'numeric subscript must be a positive base-10 integer',
      "subscript is missing closing bracket ']'",
    ]);
  });

  it('round-trips text without accesses', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = text.split('$').join('$$');
        expect(classifyTemplate(parseTemplate(stringNode(escaped), []))).toEqual({
          kind: 'string',
          value: text,
        });
      }),
    );
  });

  it('scans long strings of dollars and accesses', () => {
    const text = '$'.repeat(300_000) + '${a}x'.repeat(50_000);
    const parts = parseTemplate(stringNode(text), []);
    expect(parts).toHaveLength(50_001);
    expect(parts[0]?.text).toBe('$'.repeat(150_000));
    expect(parts[1]?.text).toBe('x');
  });
});
