import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declareEnvironment, parseEnvironment } from '../../src/ast/parse-environment.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { SyntaxNode } from '../../src/parse/syntax-node.js';
import { Pairs, toNode } from './_syntax.js';

const at = (d: Diagnostic): string =>
  d.range
    ? `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}`
    : '-';

/** Diagnostics as `severity path line:col-line:col summary` lines. */
function lines(source: string, name = 'env'): string[] {
  return parseEnvironment(name, source).diagnostics.map(
    (d) => `${d.severity} ${d.path} ${at(d)} ${d.summary}`,
  );
}

function environment(source: string) {
  const { environment } = parseEnvironment('env', source);
  if (environment === undefined) throw new Error('no environment');
  return environment;
}

describe('top-level keys', () => {
  it('matches keys case-insensitively', () => {
    const env = environment('Values:\n  a: 1\nIMPORTS:\n  - base\nDescription: hello\n');
    expect(env.values?.entries.map((e) => e.key)).toEqual(['a']);
    expect(env.imports.map((i) => i.name)).toEqual(['base']);
    expect(env.description).toBe('hello');
    expect(lines('Values:\n  a: 1\n')).toEqual([]);
  });

  it.each([
    ['valeus', "'values', 'imports', 'description'"],
    ['import', "'imports', 'values', 'description'"],
    ['Import_s', "'imports', 'values', 'description'"],
    ['desc', "'values', 'imports', 'description'"],
    ['foo', "'imports', 'values', 'description'"],
  ])('warns about the unknown key %s, listing the fields nearest first', (key, list) => {
    expect(lines(`${key}: 1\nvalues:\n  a: 1\n`)).toEqual([
      `warning ${key} 1:1-1:${key.length + 1} Field '${key}' does not exist on Object 'environment'. Existing fields are: ${list}`,
    ]);
  });

  it('warns about a repeated key, and the later one wins', () => {
    const source = 'values:\n  a: 1\nvalues:\n  b: 2\ndescription: x\ndescription: y\n';
    expect(lines(source)).toEqual([
      'warning values 3:1-3:7 duplicate key "values"',
      'warning description 6:1-6:12 duplicate key "description"',
    ]);
    const env = environment(source);
    expect(env.values?.entries.map((e) => e.key)).toEqual(['b']);
    expect(env.description).toBe('y');
  });

  it('compares keys exactly when looking for repeats', () => {
    expect(lines('values:\n  a: 1\nValues:\n  b: 2\n')).toEqual([]);
    expect(
      environment('values:\n  a: 1\nValues:\n  b: 2\n').values?.entries.map((e) => e.key),
    ).toEqual(['b']);
  });

  it.each<[string, string[]]>([
    ['- a\n', ['error  1:1-1:4 environment must be an object']],
    ['values: [1]\n', ['error values 1:9-1:11 values must be an object']],
    ['values:\n', ['error values 1:8-1:8 values must be an object']],
    ['imports: base\n', ['error imports 1:10-1:14 imports must be a list']],
    ['description: 12\n', ['error description 1:14-1:16 description must be a string']],
    ['description: ${a}\n', ['error description 1:14-1:18 description must be a string']],
    ['description: $${a}\n', []],
  ])('checks the shape of %j', (source, expected) => {
    expect(lines(source)).toEqual(expected);
  });

  it('treats a document that is not a mapping as an empty environment', () => {
    expect(parseEnvironment('env', '42\n').environment).toEqual({
      name: 'env',
      imports: [],
      empty: true,
    });
  });
});

describe('values', () => {
  it('keeps top-level keys verbatim and reports top-level builtin calls without dropping them', () => {
    const source = 'values:\n  a$$b: 1\n  ${c}: 2\n  fn::secret: x\n';
    expect(lines(source)).toEqual([
      'error values["fn::secret"] 4:3-4:13 builtin function call "fn::secret" not allowed at the top level',
    ]);
    const env = environment(source);
    expect(env.values?.entries.map((e) => [e.key, e.keyPath, e.value.path])).toEqual([
      ['a$$b', 'values["a$$b"]', 'values["a$$b"]'],
      ['${c}', 'values["${c}"]', 'values["${c}"]'],
      ['fn::secret', 'values["fn::secret"]', 'values["fn::secret"]'],
    ]);
    expect(env.values).toMatchObject({ kind: 'object', path: 'values' });
  });

  it('keeps repeated keys in order for the evaluator to report', () => {
    const env = environment(
      'values:\n  foo: bar\n  foo: baz\n  qux:\n    foo: bar\n    foo: baz\n',
    );
    expect(env.values?.entries.map((e) => e.key)).toEqual(['foo', 'foo', 'qux']);
    expect(lines('values:\n  foo: bar\n  foo: baz\n')).toEqual([]);
  });

  it('locates interpolation errors inside plain scalars and on the whole node otherwise', () => {
    expect(lines('values:\n  a: x ${b\n  c: "x ${b"\n')).toEqual([
      "error values.a 2:11-2:11 missing closing brace '}' in interpolation",
      "error values.c 3:6-3:11 missing closing brace '}' in interpolation",
    ]);
  });

  it('reports builtin argument errors on the argument, with its document path', () => {
    expect(lines('values:\n  j:\n    fn::join: oops\n')).toEqual([
      'error values.j["fn::join"] 3:15-3:19 the argument to fn::join must be a two-valued list',
    ]);
    const env = environment('values:\n  j:\n    fn::join: [",", "${x}"]\n');
    const join = env.values?.entries[0]?.value;
    expect(join).toMatchObject({ kind: 'builtin', builtin: 'join', path: 'values.j' });
    expect(join?.range).toMatchObject({
      start: { line: 3, column: 5 },
      end: { line: 3, column: 25 },
    });
  });
});

describe('imports', () => {
  it('reads string and object entries', () => {
    const env = environment(
      'imports:\n  - base\n  - proj/env@stable\n  - other: { merge: false }\n  - more: { Merge: true, extra: 1 }\n  - last: {}\n',
    );
    expect(env.imports.map((i) => [i.name, i.path, i.merge])).toEqual([
      ['base', 'imports[0]', true],
      ['proj/env@stable', 'imports[1]', true],
      ['other', 'imports[2].other', false],
      ['more', 'imports[3].more', true],
      ['last', 'imports[4].last', true],
    ]);
    expect(env.imports[2]?.range).toMatchObject({
      start: { line: 4, column: 5 },
      end: { line: 4, column: 10 },
    });
  });

  it.each<[string, string[], string[]]>([
    ['  -\n', ['error imports[0] 2:4-2:4 import must be a string or an object'], []],
    ['  - 42\n', ['error imports[0] 2:5-2:7 import must be a string or an object'], []],
    ['  - [a]\n', ['error imports[0] 2:5-2:7 import must be a string or an object'], []],
    ['  - { a: {}, b: {} }\n', ['error imports[0] 2:5-2:17 import must have a single key'], []],
    ['  - a: 1\n', ['error imports[0].a 2:8-2:9 import must be an object'], ['a']],
    [
      '  - a: { merge: "no" }\n',
      ['error imports[0].a.merge 2:17-2:19 merge must be a boolean value'],
      ['a'],
    ],
  ])('reports the entry %j', (entry, expected, names) => {
    expect(lines(`imports:\n${entry}values:\n  x: 1\n`)).toEqual(expected);
    expect(environment(`imports:\n${entry}values:\n  x: 1\n`).imports.map((i) => i.name)).toEqual(
      names,
    );
  });

  it('does not merge an import whose merge option is not a boolean, as ESC does', () => {
    expect(environment('imports:\n  - a: { merge: 1 }\n').imports[0]?.merge).toBe(false);
  });

  it('takes import names verbatim', () => {
    expect(environment('imports:\n  - a$$b\n  - ${x}\n').imports.map((i) => i.name)).toEqual([
      'a$$b',
      '${x}',
    ]);
  });
});

describe('empty environments', () => {
  it.each<[string, boolean]>([
    ['', true],
    ['# only a comment\n', true],
    ['values: {}\n', true],
    ['description: nothing here\n', true],
    ['imports: []\nvalues: {}\n', true],
    ['values:\n  a: 1\n', false],
    ['imports:\n  - a\n', false],
    ['imports:\n  - 42\n', false],
  ])('%j is empty: %s', (source, empty) => {
    expect(environment(source).empty).toBe(empty);
  });
});

describe('robustness', () => {
  it('returns no environment when the YAML does not decode', () => {
    const result = parseEnvironment('env', 'values: [1, 2\n');
    expect(result.environment).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
  });

  it('accepts bytes', () => {
    const result = parseEnvironment('env', new TextEncoder().encode('values:\n  a: ${b}\n'));
    expect(result.environment?.values?.entries[0]?.value.kind).toBe('symbol');
  });

  it('never throws on arbitrary syntax trees', () => {
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.string({ unit: fc.constantFrom('a', '$', '{', '}', '[', ']', '"', '.', ' ', '\\', '0') }),
      fc.constantFrom(
        'fn::open',
        'fn::join',
        'fn::secret',
        'fn::rotate::x',
        'fn::bogus',
        '${a}',
        'values',
        'imports',
      ),
    );
    const key = fc.oneof(
      fc.constantFrom(
        'fn::open',
        'fn::join',
        'fn::secret',
        'fn::rotate::x',
        'fn::bogus',
        'provider',
        'inputs',
        'state',
      ),
      fc.constantFrom(
        'values',
        'imports',
        'description',
        'merge',
        'ciphertext',
        'schema',
        'value',
        '${x}',
        'a$$b',
      ),
    );
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.array(fc.tuple(key, tie('node')), { maxLength: 3 }).map((pairs) => new Pairs(pairs)),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const node: SyntaxNode = toNode(value);
        const result = declareEnvironment('env', node);
        expect(result.environment?.name).toBe('env');
        for (const d of result.diagnostics) expect(d.summary).not.toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'values:\n',
            '  ',
            '- ',
            'a: ',
            '${',
            '}',
            'fn::join',
            '[',
            ']',
            '\n',
          ),
        }),
        (text) => {
          parseEnvironment('env', text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
