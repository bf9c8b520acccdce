import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeYaml } from '../../src/parse/decode-yaml.js';
import type { ObjectNode, StringNode, SyntaxNode } from '../../src/parse/syntax-node.js';

function decodeObject(source: string): ObjectNode {
  const { node, diagnostics } = decodeYaml('env', source);
  expect(diagnostics).toEqual([]);
  if (node?.kind !== 'object') throw new Error(`expected an object, got ${node?.kind}`);
  return node;
}

function get(node: SyntaxNode, ...path: (string | number)[]): SyntaxNode {
  let cur: SyntaxNode | undefined = node;
  for (const step of path) {
    if (typeof step === 'number' && cur?.kind === 'array') cur = cur.items[step];
    else if (typeof step === 'string' && cur?.kind === 'object')
      cur = cur.entries.find((e) => e.key.value === step)?.value;
    else cur = undefined;
    if (cur === undefined) throw new Error(`cannot step to ${String(step)}`);
  }
  return cur;
}

/** `line:column-line:column` of a node's range. */
function span(node: SyntaxNode): string {
  const { start, end } = node.range;
  return `${start.line}:${start.column}-${end.line}:${end.column}`;
}

describe('decodeYaml: empty documents', () => {
  it.each([
    ['zero bytes', ''],
    ['zero bytes as Uint8Array', new Uint8Array(0)],
    ['only comments', '# nothing here\n# nor here\n'],
    ['only blank lines', '\n\n   \n'],
  ])('%s decode to an empty object', (_, source) => {
    const { node, diagnostics } = decodeYaml('env', source);
    expect(diagnostics).toEqual([]);
    expect(node).toMatchObject({ kind: 'object', entries: [], path: '' });
    expect(node?.range).toMatchObject({ filename: 'env', start: { line: 1, column: 1, byte: 0 } });
  });

  it('an explicit empty document is null, not an object', () => {
    expect(decodeYaml('env', '---\n').node?.kind).toBe('null');
  });
});

describe('decodeYaml: syntax errors', () => {
  it.each([
    [
      'values:\n  some_unterminated_list: [hello, world\n',
      "yaml: line 1: did not find expected ',' or ']'",
    ],
    ['values:\n  a: [1, 2\n', "yaml: line 1: did not find expected ',' or ']'"],
    ['values:\n  a: {b: 1\n', "yaml: line 1: did not find expected ',' or '}'"],
    ['a: b: c\n', 'yaml: mapping values are not allowed in this context'],
    ['x: 1\na: b: c\n', 'yaml: line 2: mapping values are not allowed in this context'],
    ['x: 1\na: @b\n', 'yaml: line 2: found character that cannot start any token'],
    ['x: 1\ny: "a\\qb"\n', 'yaml: line 2: found unknown escape character'],
    ['x: 1\ny: "abc\n', 'yaml: line 2: found unexpected end of stream'],
    ['a: \u0001\n', 'yaml: control characters are not allowed'],
  ])('%j → %s', (source, summary) => {
    const { node, diagnostics } = decodeYaml('env', source);
    expect(node).toBeUndefined();
    expect(diagnostics).toEqual([
      { code: 'YAML_SYNTAX', severity: 'error', summary, path: '', range: undefined },
    ]);
  });

  it('reports invalid UTF-8 as a YAML error', () => {
    const { node, diagnostics } = decodeYaml('env', new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    expect(node).toBeUndefined();
    expect(diagnostics).toMatchObject([
      { code: 'YAML_SYNTAX', summary: 'yaml: invalid leading UTF-8 octet' },
    ]);
  });

  it('reports one diagnostic even when the library finds several problems', () => {
    const { diagnostics } = decodeYaml('env', 'a: [1,\nb: "x\n');
    expect(diagnostics).toHaveLength(1);
  });

  it('reads only the first document, ignoring errors in later ones', () => {
    const root = decodeObject('a: 1\n---\nb: [\n');
    expect(root.entries.map((e) => e.key.value)).toEqual(['a']);
  });

  it('accepts duplicate keys, keeping both entries for later stages', () => {
    const root = decodeObject('a: 1\na: 2\n');
    expect(root.entries.map((e) => e.key.value)).toEqual(['a', 'a']);
  });
});

describe('decodeYaml: aliases and keys', () => {
  it('rejects an alias with its range and path', () => {
    const { node, diagnostics } = decodeYaml('env', 'a: &x 1\nb: *x\n');
    expect(node).toBeUndefined();
    expect(diagnostics).toMatchObject([
      {
        code: 'YAML_ALIAS',
        summary: 'alias nodes are not supported',
        path: 'b',
        range: {
          filename: 'env',
          start: { line: 2, column: 4, byte: 11 },
          end: { line: 2, column: 5, byte: 12 },
        },
      },
    ]);
  });

  it('an anchor without an alias is fine', () => {
    expect(get(decodeObject('a: &x 1\n'), 'a')).toMatchObject({ kind: 'number', value: '1' });
  });

  it('an alias to an unknown anchor is a YAML error without a range', () => {
    const { node, diagnostics } = decodeYaml('env', 'a: 1\nb: *nope\n');
    expect(node).toBeUndefined();
    expect(diagnostics).toMatchObject([
      {
        code: 'YAML_SYNTAX',
        summary: "yaml: unknown anchor 'nope' referenced",
        path: '',
        range: undefined,
      },
    ]);
  });

  it.each([
    ['34: x\n', '["34"]', '1:1-1:3'],
    ['true: x\n', 'true', '1:1-1:5'],
    ['null: x\n', 'null', '1:1-1:5'],
    ['1.5: x\n', '["1.5"]', '1:1-1:4'],
    ['values:\n  a:\n    7: x\n', 'values.a["7"]', '3:5-3:6'],
    ['? [a, b]\n: x\n', '', '1:3-1:8'],
    ['? {a: 1}\n: x\n', '', '1:3-1:8'],
  ])('key of %j is not a string', (source, path, where) => {
    const { node, diagnostics } = decodeYaml('env', source);
    expect(node).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'YAML_KEY_NOT_STRING',
      summary: 'mapping keys must be strings',
      path,
    });
    const r = diagnostics[0]?.range;
    expect(r && `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`).toBe(where);
  });

  it('reports every bad key and alias, not just the first', () => {
    const { diagnostics } = decodeYaml('env', '1: a\n2: b\nc: &x d\ne: *x\n');
    expect(diagnostics.map((d) => d.code)).toEqual([
      'YAML_KEY_NOT_STRING',
      'YAML_KEY_NOT_STRING',
      'YAML_ALIAS',
    ]);
  });

  it.each([['"34": x\n'], ["'true': x\n"], ['!!str 34: x\n']])(
    'quoted or !!str key %j is a string',
    (source) => {
      expect(decodeObject(source).entries[0]?.key.kind).toBe('string');
    },
  );
});

describe('decodeYaml: paths', () => {
  const root = decodeObject('values:\n  a:\n    - x\n    - y: 1\n  "b-c": {d: [true]}\n  "": e\n');

  it.each<[(string | number)[], string]>([
    [[], ''],
    [['values'], 'values'],
    [['values', 'a'], 'values.a'],
    [['values', 'a', 0], 'values.a[0]'],
    [['values', 'a', 1, 'y'], 'values.a[1].y'],
    [['values', 'b-c'], 'values["b-c"]'],
    [['values', 'b-c', 'd', 0], 'values["b-c"].d[0]'],
    [['values', ''], 'values'],
  ])('%j has path %j', (steps, path) => {
    expect(get(root, ...steps).path).toBe(path);
  });

  it('a key node has the same path as its value', () => {
    const values = get(root, 'values') as ObjectNode;
    for (const entry of values.entries) expect(entry.key.path).toBe(entry.value.path);
  });
});

describe('decodeYaml: ranges (language-spec §10.5)', () => {
  it.each<[string, (string | number)[], string]>([
    // scalars end at start column + UTF-8 length of the decoded value
    ['values:\n  quoted_string: "hello"\n', ['values', 'quoted_string'], '2:18-2:23'],
    ["a: 'it''s'\n", ['a'], '1:4-1:8'],
    ['a: héllo\n', ['a'], '1:4-1:10'],
    ['a: null\n', ['a'], '1:4-1:8'],
    ['a: 0x1F\n', ['a'], '1:4-1:8'],
    // multi-line plain and folded scalars stay on their start line
    ['a: one\n  two\n', ['a'], '1:4-1:11'],
    ['a: >\n  x\n  yz\n', ['a'], '1:4-1:9'],
    // literal blocks advance a line per newline
    ['a: |\n  x\n  yz\nb: 1\n', ['a'], '1:4-3:4'],
    ['a: |-\n  x\n  yz\n', ['a'], '1:4-2:6'],
    // tags and anchors: the node starts at them; a tagged plain scalar adds the tag
    ['a: !!str 34\n', ['a'], '1:4-1:12'],
    ['a: &x foo\n', ['a'], '1:4-1:7'],
    ['a: !!str "34"\n', ['a'], '1:4-1:6'],
    // implicit empty scalars right after their indicator
    ['imports:\n  - \nvalues: {}\n', ['imports', 0], '2:4-2:4'],
    ['a:\nb: 1\n', ['a'], '1:3-1:3'],
    ['a: # comment\nb: 1\n', ['a'], '1:3-1:3'],
    ['a: {b: }\n', ['a', 'b'], '1:8-1:8'],
    // collections: block ones start at their first key or dash, flow ones at the bracket;
    // all end where their last child ends, empty ones at their start
    ['a:\n  b: 1\n  c: two\n', ['a'], '2:3-3:9'],
    ['a:\n  - 1\n  - [x, yy]\n', ['a'], '2:3-3:11'],
    ['a:\n- 1\n', ['a'], '2:1-2:4'],
    ['a: [1, 22]\n', ['a'], '1:4-1:10'],
    ['a: {b: 1, c: 22}\n', ['a'], '1:4-1:16'],
    ['a: []\n', ['a'], '1:4-1:4'],
    ['a: {}\n', ['a'], '1:4-1:4'],
    ['a:\n  b:\n    c: [1, {d: x}]\n', [], '1:1-3:17'],
  ])('%j: %j spans %s', (source, steps, where) => {
    expect(span(get(decodeObject(source), ...steps))).toBe(where);
  });

  it('carries the filename and byte offsets', () => {
    const root = decodeObject('a: 1\nwörd: ünï\nb: x\n');
    const value = get(root, 'wörd');
    // "ünï" starts at byte 5 + 7 ("wörd: " is 7 bytes); its end column is inflated by its 5
    // bytes and, past the line's end, its end byte is the line's end (ESC's arithmetic).
    expect(value.range).toEqual({
      filename: 'env',
      start: { line: 2, column: 7, byte: 12 },
      end: { line: 2, column: 12, byte: 17 },
    });
    // Line 3 starts at byte 18; its value sits 3 bytes in.
    expect(get(root, 'b').range.start.byte).toBe(21);
  });

  it('gives byte 0 on the last line of a file without a final newline, as ESC does', () => {
    const root = decodeObject('a: 1\nb: two');
    expect(get(root, 'a').range.start.byte).toBe(3);
    expect(get(root, 'b').range).toMatchObject({
      start: { line: 2, column: 4, byte: 0 },
      end: { line: 2, column: 7, byte: 0 },
    });
  });

  it('counts columns in code points', () => {
    const root = decodeObject('k: "😀" \nx: 😀y\n');
    expect(span(get(root, 'x'))).toBe('2:4-2:9');
    expect(get(root, 'x').range.start.byte).toBe(14);
  });

  it('ignores a byte-order mark', () => {
    const root = decodeObject('\uFEFFa: 1\n');
    expect(root.entries[0]?.key.range.start).toEqual({ line: 1, column: 1, byte: 0 });
  });

  it('decodes bytes and strings alike', () => {
    const source = 'values:\n  a: [1, "two"]\n  b: ünï\n';
    expect(decodeYaml('env', new TextEncoder().encode(source))).toEqual(decodeYaml('env', source));
  });
});

describe('decodeYaml: strings', () => {
  it.each<[string, boolean]>([
    ['a: plain text\n', true],
    ['a: ${x.y}\n', true],
    ['a: "quoted"\n', false],
    ["a: 'quoted'\n", false],
    ['a: |\n  block\n', false],
    ['a: one\n  two\n', false],
    ['a: !!str tagged\n', false],
  ])('%j plainSingleLine is %s', (source, expected) => {
    const value = get(decodeObject(source), 'a') as StringNode;
    expect(value.kind).toBe('string');
    expect(value.plainSingleLine).toBe(expected);
  });

  it('keys are string nodes with their own ranges', () => {
    const key = decodeObject('values:\n  "my key": 1\n').entries[0];
    const inner = (key?.value as ObjectNode).entries[0]?.key;
    expect(inner).toMatchObject({
      kind: 'string',
      value: 'my key',
      plainSingleLine: false,
      path: 'values["my key"]',
    });
    expect(inner && span(inner)).toBe('2:3-2:9');
  });
});

describe('decodeYaml: robustness', () => {
  it('decodes 100 levels of nesting', () => {
    const flow = decodeYaml('env', `a: ${'['.repeat(100)}1${']'.repeat(100)}\n`);
    expect(flow.diagnostics).toEqual([]);
    let block = '';
    for (let i = 0; i < 100; i++) block += `${' '.repeat(i)}k${i}:\n`;
    const deep = decodeObject(`${block}${' '.repeat(100)}leaf: 1\n`);
    let node: SyntaxNode = deep;
    let depth = 0;
    while (node.kind === 'object' && node.entries[0]) {
      node = node.entries[0].value;
      depth++;
    }
    expect(depth).toBe(101);
  });

  it.each([
    ['flow sequences', () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['flow mappings', () => `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ['block sequences', () => `${'- '.repeat(10_000)}x\n`],
    [
      'block mappings',
      () => {
        const lines: string[] = [];
        for (let i = 0; i < 10_000; i++) lines.push(`${' '.repeat(i)}a:`);
        return `${lines.join('\n')}\n`;
      },
    ],
  ])('10,000 levels of %s give a diagnostic, not a stack overflow', (_, make) => {
    const { node, diagnostics } = decodeYaml('env', make());
    expect(node).toBeUndefined();
    expect(diagnostics).toMatchObject([
      { code: 'YAML_SYNTAX', summary: 'yaml: document nesting too deep', path: '' },
    ]);
  });

  it('never throws, and returns either a node or diagnostics', () => {
    const yamlish = fc.string({
      unit: fc.constantFrom(
        ...'ab01 :-?#[]{},&*!|>"\'\n\t.~_xé😀'.split(''),
        '\n  ',
        '- ',
        ': ',
        '0x',
        'true',
        '${',
        '---\n',
        '\r\n',
        '\\',
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string()), (source) => {
        const { node, diagnostics } = decodeYaml('env', source);
        expect(node === undefined).toBe(diagnostics.length > 0);
        if (node) expect(node.path).toBe('');
      }),
      { numRuns: 2000 },
    );
  });
});
