import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePropertyAccess } from '../../src/ast/parse-property-access.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { subRange } from '../../src/parse/sub-range.js';
import { stringNode } from './_syntax.js';

type Step = readonly [
  kind: 'name' | 'key' | 'index',
  value: string | number,
  start: number,
  end: number,
];
type Problem = readonly [summary: string, start: number, end: number];

const BRACE = "missing closing brace '}' in interpolation";
const BRACKET = "subscript is missing closing bracket ']'";
const QUOTE = `key subscript is missing closing quote '"'`;
const NUMERIC = 'numeric subscript must be a positive base-10 integer';
const FIRST =
  'the first accessor must be a property name or key subscript, not a numeric subscript';
const EMPTY_NAME = 'property name must not be empty';
const EMPTY_KEY = 'key subscript must not be empty';

// Offsets are indices into the string; every access here starts at index 2, just past `${`.
const cases: Array<[text: string, steps: Step[], problems: Problem[], end: number]> = [
  [
    '${a.q}',
    [
      ['name', 'a', 2, 3],
      ['name', 'q', 3, 5],
    ],
    [],
    6,
  ],
  [
    '${a[0].b}',
    [
      ['name', 'a', 2, 3],
      ['index', 0, 3, 6],
      ['name', 'b', 6, 8],
    ],
    [],
    9,
  ],
  [
    '${a[0]b}',
    [
      ['name', 'a', 2, 3],
      ['index', 0, 3, 6],
      ['name', 'b', 6, 7],
    ],
    [],
    8,
  ],
  ['${["34"]}', [['key', '34', 2, 8]], [], 9],
  [
    '${["35"].okay}',
    [
      ['key', '35', 2, 8],
      ['name', 'okay', 8, 13],
    ],
    [],
    14,
  ],
  [
    '${a.u["\\"baz"]}',
    [
      ['name', 'a', 2, 3],
      ['name', 'u', 3, 5],
      ['key', '"baz', 5, 14],
    ],
    [],
    15,
  ],
  [
    '${a["x\\y"]}',
    [
      ['name', 'a', 2, 3],
      ['key', 'x\\y', 3, 10],
    ],
    [],
    11,
  ],
  ['${.bad}', [['name', 'bad', 2, 6]], [], 7],
  [
    '${34.bad}',
    [
      ['name', '34', 2, 4],
      ['name', 'bad', 4, 8],
    ],
    [],
    9,
  ],
  [
    '${a[-1]}',
    [
      ['name', 'a', 2, 3],
      ['index', -1, 3, 7],
    ],
    [],
    8,
  ],
  [
    '${a[+1]}',
    [
      ['name', 'a', 2, 3],
      ['index', 1, 3, 7],
    ],
    [],
    8,
  ],
  [
    '${a[007]}',
    [
      ['name', 'a', 2, 3],
      ['index', 7, 3, 8],
    ],
    [],
    9,
  ],
  [
    '${a[9223372036854775807]}',
    [
      ['name', 'a', 2, 3],
      ['index', Number('9223372036854775807'), 3, 24],
    ],
    [],
    25,
  ],
  [
    '${a[9223372036854775808]}',
    [
      ['name', 'a', 2, 3],
      ['key', '9223372036854775808', 3, 24],
    ],
    [[NUMERIC, 4, 23]],
    25,
  ],
  ['${}', [['name', '', 2, 3]], [], 3],
  ['${', [['name', '', 2, 2]], [[BRACE, 2, 2]], 2],
  ['${a', [['name', 'a', 2, 3]], [[BRACE, 3, 3]], 3],
  ['${a b}', [['name', 'a', 2, 3]], [[BRACE, 3, 3]], 3],
  ['${ a}', [['name', '', 2, 2]], [[BRACE, 2, 2]], 2],
  [
    '${open["foo"}',
    [
      ['name', 'open', 2, 6],
      ['key', 'foo', 6, 12],
    ],
    [[BRACKET, 6, 12]],
    13,
  ],
  [
    '${open["foo]}',
    [
      ['name', 'open', 2, 6],
      ['key', 'foo]}', 6, 13],
    ],
    [
      [QUOTE, 7, 13],
      [BRACKET, 6, 13],
      [BRACE, 13, 13],
    ],
    13,
  ],
  [
    '${open["foo"]',
    [
      ['name', 'open', 2, 6],
      ['key', 'foo', 6, 13],
    ],
    [[BRACE, 13, 13]],
    13,
  ],
  [
    '${array[1}',
    [
      ['name', 'array', 2, 7],
      ['index', 1, 7, 9],
    ],
    [[BRACKET, 7, 9]],
    10,
  ],
  [
    '${array[notAnIndex]}',
    [
      ['name', 'array', 2, 7],
      ['key', 'notAnIndex', 7, 19],
    ],
    [[NUMERIC, 8, 18]],
    20,
  ],
  ['${[2]}', [['index', 2, 2, 5]], [[FIRST, 2, 4]], 6],
  [
    '${2.["bad"]}',
    [
      ['name', '2', 2, 3],
      ['name', '', 3, 4],
      ['key', 'bad', 4, 11],
    ],
    [[EMPTY_NAME, 3, 4]],
    12,
  ],
  [
    '${a..b}',
    [
      ['name', 'a', 2, 3],
      ['name', '', 3, 4],
      ['name', 'b', 4, 6],
    ],
    [[EMPTY_NAME, 3, 4]],
    7,
  ],
  [
    '${a[""]}',
    [
      ['name', 'a', 2, 3],
      ['key', '', 3, 7],
    ],
    [[EMPTY_KEY, 4, 6]],
    8,
  ],
  [
    '${a[]}',
    [
      ['name', 'a', 2, 3],
      ['key', '', 3, 5],
    ],
    [[NUMERIC, 4, 4]],
    6,
  ],
  [
    '${a[',
    [
      ['name', 'a', 2, 3],
      ['key', '', 3, 4],
    ],
    [
      [BRACKET, 3, 4],
      [BRACE, 4, 4],
    ],
    4,
  ],
  [
    '${a[0 ]}',
    [
      ['name', 'a', 2, 3],
      ['index', 0, 3, 5],
    ],
    [
      [BRACKET, 3, 5],
      [BRACE, 5, 5],
    ],
    5,
  ],
  ['${a\u00a0b}', [['name', 'a', 2, 3]], [[BRACE, 3, 3]], 3],
  [
    '${世界.x}',
    [
      ['name', '世界', 2, 4],
      ['name', 'x', 4, 6],
    ],
    [],
    7,
  ],
];

describe('parsePropertyAccess', () => {
  it.each(cases)('%s', (text, steps, problems, end) => {
    const node = stringNode(text, 'values.x');
    const diagnostics: Diagnostic[] = [];
    const parsed = parsePropertyAccess(node, 2, diagnostics);

    expect(parsed.end).toBe(end);
    expect(parsed.access.range).toEqual(subRange(node, 0, end));
    const expectedSteps = steps.map(([kind, value, start, stop]) =>
      kind === 'index'
        ? { kind, index: value, range: subRange(node, start, stop) }
        : { kind, key: value, range: subRange(node, start, stop) },
    );
    expect(parsed.access.accessors).toEqual(expectedSteps);
    expect(diagnostics.map((d) => [d.summary, d.range, d.path, d.severity, d.code])).toEqual(
      problems.map(([summary, start, stop]) => [
        summary,
        subRange(node, start, stop),
        'values.x',
        'error',
        'INVALID_ACCESS_SYNTAX',
      ]),
    );
  });

  it('uses the whole string node when the scalar is not plain', () => {
    const node = stringNode('${a[}', 'values.q', false);
    const diagnostics: Diagnostic[] = [];
    const parsed = parsePropertyAccess(node, 2, diagnostics);
    expect(diagnostics.map((d) => d.range)).toEqual([node.range, node.range]);
    expect(parsed.access.accessors.map((a) => a.range)).toEqual([node.range, node.range]);
  });

  it('never throws and always ends inside the string', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', '.', '[', ']', '"', '\\', '}', ' ', '0', '-', '$', '{'),
        }),
        (s) => {
          const node = stringNode('${' + s, 'p');
          const parsed = parsePropertyAccess(node, 2, []);
          expect(parsed.end).toBeGreaterThanOrEqual(2);
          expect(parsed.end).toBeLessThanOrEqual(node.value.length);
          expect(parsed.access.accessors.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('handles long accessors (a quadratic scan would hit the test timeout)', () => {
    const long =
      '${' +
      'a'.repeat(200_000) +
      '["' +
      'b'.repeat(200_000) +
      '\\"'.repeat(50_000) +
      '"][' +
      '1'.repeat(100_000);
    const diagnostics: Diagnostic[] = [];
    const parsed = parsePropertyAccess(stringNode(long, 'p'), 2, diagnostics);
    expect(parsed.access.accessors.map((a) => a.kind)).toEqual(['name', 'key', 'key']);
    expect(diagnostics.map((d) => d.summary)).toEqual([NUMERIC, BRACKET, BRACE]);
  });
});
