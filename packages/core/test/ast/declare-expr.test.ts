import { describe, expect, it } from 'vitest';
import { declareExpr } from '../../src/ast/declare-expr.js';
import type { BuiltinExpr, Expr, ObjectExpr } from '../../src/ast/expr.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ArrayNode, ObjectNode, SyntaxNode } from '../../src/parse/syntax-node.js';
import { Pairs, rangeOn, stringNode, toNode } from './_syntax.js';

function declare(
  value: unknown,
  path = 'values.x',
): { expr: Expr; node: SyntaxNode; diagnostics: Diagnostic[] } {
  const node = toNode(value, path);
  const diagnostics: Diagnostic[] = [];
  return { expr: declareExpr(node, diagnostics), node, diagnostics };
}

function brief(diagnostics: readonly Diagnostic[]): Array<[string, string, string]> {
  return diagnostics.map((d) => [d.code, d.summary, d.path]);
}

function builtin(
  value: unknown,
  path = 'values.x',
): { expr: BuiltinExpr; node: SyntaxNode; diagnostics: Diagnostic[] } {
  const result = declare(value, path);
  if (result.expr.kind !== 'builtin')
    throw new Error(`expected a builtin, got ${result.expr.kind}`);
  return { ...result, expr: result.expr };
}

function entryNode(node: SyntaxNode, ...keys: Array<string | number>): SyntaxNode {
  let current = node;
  for (const key of keys) {
    if (typeof key === 'number') current = (current as ArrayNode).items[key]!;
    else current = (current as ObjectNode).entries.find((e) => e.key.value === key)!.value;
  }
  return current;
}

function keyNode(node: SyntaxNode, key: string): SyntaxNode {
  return (node as ObjectNode).entries.find((e) => e.key.value === key)!.key;
}

describe('declareExpr: literals and strings', () => {
  it.each<[unknown, Expr['kind']]>([
    [null, 'null'],
    [true, 'boolean'],
    [12, 'number'],
    ['text', 'string'],
    ['a $${b}', 'string'],
    ['${a.b}', 'symbol'],
    ['x ${a}', 'interpolate'],
    [[1, 2], 'array'],
    [{ a: 1 }, 'object'],
  ])('%j is a %s', (value, kind) => {
    const { expr, node, diagnostics } = declare(value);
    expect(expr.kind).toBe(kind);
    expect(expr.range).toEqual(node.range);
    expect(expr.path).toBe('values.x');
    expect(expr.syntax).toBe(node);
    expect(diagnostics).toEqual([]);
  });

  it('unescapes $$ in string literals', () => {
    const { expr } = declare('a $${b} $$');
    expect(expr).toMatchObject({ kind: 'string', value: 'a ${b} $' });
  });

  it('gives array elements and object entries their document paths', () => {
    const { expr } = declare({ list: [1, { 'b-c': 'x' }] });
    const list = (expr as ObjectExpr).entries[0]!.value;
    expect(list.path).toBe('values.x.list');
    if (list.kind !== 'array') throw new Error('not an array');
    expect(list.elements.map((e) => e.path)).toEqual(['values.x.list[0]', 'values.x.list[1]']);
    const inner = list.elements[1] as ObjectExpr;
    expect(inner.entries[0]).toMatchObject({ key: 'b-c', keyPath: 'values.x.list[1]["b-c"]' });
  });
});

describe('declareExpr: object keys', () => {
  it('unescapes $$ in nested keys and keeps duplicates in order', () => {
    const { expr, diagnostics } = declare(
      new Pairs([
        ['a$$b', 1],
        ['dup', 2],
        ['dup', 3],
      ]),
    );
    expect(diagnostics).toEqual([]);
    expect((expr as ObjectExpr).entries.map((e) => [e.key, e.value.kind])).toEqual([
      ['a$b', 'number'],
      ['dup', 'number'],
      ['dup', 'number'],
    ]);
  });

  it('drops keys that hold an access, after reporting the key and its value', () => {
    const { expr, node, diagnostics } = declare(
      new Pairs([
        ['${x}', '${'],
        ['b ${y', 1],
        ['ok', 2],
      ]),
    );
    expect((expr as ObjectExpr).entries.map((e) => e.key)).toEqual(['ok']);
    expect(brief(diagnostics)).toEqual([
      ['INVALID_OBJECT_KEY', 'object keys must be strings', 'values.x["${x}"]'],
      ['INVALID_ACCESS_SYNTAX', "missing closing brace '}' in interpolation", 'values.x["${x}"]'],
      ['INVALID_ACCESS_SYNTAX', "missing closing brace '}' in interpolation", 'values.x["b ${y"]'],
      ['INVALID_OBJECT_KEY', 'object keys must be strings', 'values.x["b ${y"]'],
    ]);
    expect(diagnostics[0]!.range).toEqual(keyNode(node, '${x}').range);
  });
});

describe('declareExpr: builtin recognition', () => {
  it.each([
    'fn::open',
    'fn::open::aws-login',
    'fn::rotate',
    'fn::rotate::swap',
    'fn::secret',
    'fn::join',
    'fn::split',
    'fn::concat',
    'fn::toJSON',
    'fn::fromJSON',
    'fn::toBase64',
    'fn::fromBase64',
    'fn::toString',
    'fn::validate',
    'fn::final',
  ])('%s is a builtin whose range is the mapping', (name) => {
    const { expr, node } = declare({ [name]: 'x' });
    expect(expr).toMatchObject({
      kind: 'builtin',
      name,
      range: node.range,
      path: 'values.x',
      syntax: node,
    });
    expect((expr as BuiltinExpr).nameRange).toEqual(keyNode(node, name).range);
    expect((expr as BuiltinExpr).argument).toMatchObject({ kind: 'string', value: 'x' });
  });

  it.each(['fn::tojson', 'fn::select', 'fn::invoke', 'FN::open', 'Fn::join', 'fn::'])(
    '%s is a reserved-prefix error on the key, and an object',
    (name) => {
      const { expr, node, diagnostics } = declare({ [name]: 'x' });
      expect(expr.kind).toBe('object');
      expect((expr as ObjectExpr).entries.map((e) => e.key)).toEqual([name]);
      expect(brief(diagnostics)).toEqual([
        ['RESERVED_PREFIX', "'fn::' is a reserved prefix", 'values.x'],
      ]);
      expect(diagnostics[0]!.range).toEqual(keyNode(node, name).range);
    },
  );

  it('reports each fn:: key of a mapping with several keys, on the whole mapping', () => {
    const { expr, node, diagnostics } = declare({
      a: 1,
      'fn::join': 'x',
      'fn::nope': 'y',
      'Fn::other': 2,
    });
    expect(expr.kind).toBe('object');
    expect((expr as ObjectExpr).entries).toHaveLength(4);
    expect(brief(diagnostics)).toEqual([
      [
        'ILLEGAL_BUILTIN_CALL',
        'illegal call to builtin function: "fn::join" must be the only key within its containing object',
        'values.x',
      ],
      [
        'ILLEGAL_BUILTIN_CALL',
        'illegal call to builtin function: "fn::nope" must be the only key within its containing object',
        'values.x',
      ],
    ]);
    expect(diagnostics.map((d) => d.range)).toEqual([node.range, node.range]);
  });

  it('nests builtins inside arguments', () => {
    const { expr, diagnostics } = builtin({
      'fn::toJSON': { 'fn::join': [',', ['${a}', { 'fn::secret': 's' }]] },
    });
    expect(diagnostics).toEqual([]);
    expect(expr).toMatchObject({ builtin: 'toJSON', arg: { kind: 'builtin', builtin: 'join' } });
  });
});

describe('declareExpr: builtin arguments', () => {
  it('reads the long form of fn::open', () => {
    const { expr, diagnostics } = builtin({
      'fn::open': { provider: 'aws-login', inputs: { a: 1 }, extra: 2 },
    });
    expect(diagnostics).toEqual([]);
    expect(expr).toMatchObject({
      builtin: 'open',
      provider: 'aws-login',
      inputs: { kind: 'object' },
    });
    if (expr.builtin !== 'open') throw new Error('not open');
    expect(expr.inputs?.path).toBe('values.x["fn::open"].inputs');
  });

  it('reads the short form of fn::open: the argument is the inputs', () => {
    const { expr } = builtin({ 'fn::open::test': '${x}' });
    expect(expr).toMatchObject({ builtin: 'open', provider: 'test', inputs: { kind: 'symbol' } });
  });

  it.each<
    [
      string,
      unknown,
      Array<[string, Array<string | number>]>,
      { provider?: string; inputs?: boolean },
    ]
  >([
    [
      'missing provider',
      { inputs: {} },
      [["missing provider name ('provider')", ['fn::open']]],
      { inputs: true },
    ],
    [
      'non-literal provider',
      { provider: '${p}', inputs: {} },
      [['provider name must be a string literal', ['fn::open', 'provider']]],
      { inputs: true },
    ],
    [
      'missing inputs',
      { provider: 'p' },
      [["missing provider inputs ('inputs')", ['fn::open']]],
      { provider: 'p' },
    ],
    [
      'not an object',
      'oops',
      [
        [
          "the argument to fn::open must be an object containing 'provider' and 'inputs'",
          ['fn::open'],
        ],
      ],
      {},
    ],
  ])('fn::open with %s', (_, args, problems, shape) => {
    const { expr, node, diagnostics } = builtin({ 'fn::open': args });
    expect(diagnostics.map((d) => [d.code, d.summary, d.path, d.range])).toEqual(
      problems.map(([summary, at]) => {
        const target = entryNode(node, ...at);
        return ['INVALID_BUILTIN_ARGUMENT', summary, target.path, target.range];
      }),
    );
    if (expr.builtin !== 'open') throw new Error('not open');
    expect(expr.provider).toBe(shape.provider);
    expect(expr.inputs !== undefined).toBe(shape.inputs ?? false);
  });

  it.each<[string, unknown, string[], boolean, string | undefined]>([
    [
      'long form',
      { 'fn::rotate': { provider: 'swap', inputs: {}, state: { a: 1 } } },
      [],
      true,
      'swap',
    ],
    [
      'long form without state',
      { 'fn::rotate': { provider: 'swap', inputs: {} } },
      [],
      true,
      'swap',
    ],
    ['short form', { 'fn::rotate::swap': { inputs: {}, state: {} } }, [], true, 'swap'],
    [
      'missing inputs',
      { 'fn::rotate': { provider: 'swap', misspelledInputs: {} } },
      ["missing provider inputs ('inputs')"],
      false,
      'swap',
    ],
    [
      'state not an object',
      { 'fn::rotate::swap': { inputs: {}, state: '${s}' } },
      ['rotation state must be an object literal'],
      false,
      'swap',
    ],
    [
      'long form not an object',
      { 'fn::rotate': [] },
      ["the argument to fn::rotate must be an object containing 'provider', 'inputs' and 'state'"],
      false,
      undefined,
    ],
    [
      'short form not an object',
      { 'fn::rotate::swap': null },
      ["the argument to fn::rotate must be an object containing 'inputs' and 'state'"],
      false,
      undefined,
    ],
    [
      'missing provider',
      { 'fn::rotate': { inputs: {} } },
      ["missing provider name ('provider')"],
      false,
      undefined,
    ],
  ])('fn::rotate %s', (_, value, problems, valid, provider) => {
    const { expr, diagnostics } = builtin(value);
    expect(diagnostics.map((d) => d.summary)).toEqual(problems);
    expect(expr).toMatchObject({ builtin: 'rotate', valid });
    if (expr.builtin !== 'rotate') throw new Error('not rotate');
    expect(expr.provider).toBe(provider);
  });

  it('keeps rotation state as an object literal', () => {
    const { expr } = builtin({ 'fn::rotate': { provider: 'swap', inputs: {}, state: { a: 'x' } } });
    expect(expr).toMatchObject({ state: { kind: 'object', path: 'values.x["fn::rotate"].state' } });
  });

  it.each<[string, unknown, Record<string, unknown>, string[]]>([
    ['plaintext', 'hunter2', { plaintext: 'hunter2' }, []],
    ['plaintext with $$', 'a$$b', { plaintext: 'a$b' }, []],
    ['ciphertext', { ciphertext: 'ZXNjeA==' }, { ciphertext: 'ZXNjeA==' }, []],
    ['a list', ['oops'], { plaintext: '' }, ['secret values must be string literals']],
    ['an interpolation', 'a ${b}', { plaintext: '' }, ['secret values must be string literals']],
    ['a number', 12, { plaintext: '' }, ['secret values must be string literals']],
    [
      'ciphertext that is not a string',
      { ciphertext: 12 },
      { plaintext: '' },
      ['secret values must be string literals'],
    ],
    [
      'ciphertext with another key',
      { ciphertext: 'x', other: 'y' },
      { plaintext: '' },
      ['secret values must be string literals'],
    ],
  ])('fn::secret with %s', (_, args, shape, problems) => {
    const { expr, node, diagnostics } = builtin({ 'fn::secret': args });
    expect(expr).toMatchObject({ builtin: 'secret', ...shape });
    expect(diagnostics.map((d) => d.summary)).toEqual(problems);
    const argument = entryNode(node, 'fn::secret');
    for (const d of diagnostics) expect([d.path, d.range]).toEqual([argument.path, argument.range]);
    if ('ciphertext' in expr) expect(expr.ciphertextRange).toEqual(argument.range);
  });

  it.each(['join', 'split'])('fn::%s takes a two-element list literal', (name) => {
    const ok = builtin({ [`fn::${name}`]: [',', '${list}'] });
    expect(ok.diagnostics).toEqual([]);
    if (ok.expr.builtin !== 'join' && ok.expr.builtin !== 'split') throw new Error('wrong builtin');
    expect(ok.expr.args?.map((a) => [a.kind, a.path])).toEqual([
      ['string', `values.x["fn::${name}"][0]`],
      ['symbol', `values.x["fn::${name}"][1]`],
    ]);

    for (const bad of ['oops', [','], [',', 'a', 'b'], '${list}']) {
      const { expr, node, diagnostics } = builtin({ [`fn::${name}`]: bad });
      expect(expr.builtin).toBe(name);
      expect('args' in expr && expr.args).toBeFalsy();
      const argument = entryNode(node, `fn::${name}`);
      expect(diagnostics.map((d) => [d.summary, d.path, d.range])).toEqual([
        [`the argument to fn::${name} must be a two-valued list`, argument.path, argument.range],
      ]);
    }
  });

  it('fn::concat takes a list literal', () => {
    expect(builtin({ 'fn::concat': [[1], '${a}'] }).expr).toMatchObject({
      builtin: 'concat',
      arrays: [{ kind: 'array' }, { kind: 'symbol' }],
    });
    const { expr, diagnostics } = builtin({ 'fn::concat': '${a}' });
    expect(expr.builtin).toBe('concat');
    expect('arrays' in expr && expr.arrays).toBeFalsy();
    // Kept for the evaluator, which type-checks it (`expected array, got ...`) as ESC does.
    expect(expr.argument).toMatchObject({ kind: 'symbol', path: 'values.x["fn::concat"]' });
    expect(diagnostics.map((d) => d.summary)).toEqual([
      'the argument to fn::concat must be an array of arrays',
    ]);
  });

  it.each<[unknown, string[]]>([
    [{ schema: { type: 'number' }, value: 1 }, []],
    [{ value: 1 }, ["missing required property 'schema'"]],
    [{ schema: {} }, ["missing required property 'value'"]],
    [{}, ["missing required property 'schema'", "missing required property 'value'"]],
    [[], ["the argument to fn::validate must be an object containing 'schema' and 'value'"]],
  ])('fn::validate %j', (args, problems) => {
    const { expr, diagnostics } = builtin({ 'fn::validate': args });
    expect(diagnostics.map((d) => d.summary)).toEqual(problems);
    if (expr.builtin !== 'validate') throw new Error('not validate');
    expect(expr.schema !== undefined).toBe(!problems.some((p) => p.includes('schema')));
  });

  it.each(['toJSON', 'fromJSON', 'toBase64', 'fromBase64', 'toString', 'final'])(
    'fn::%s takes any argument',
    (name) => {
      const { expr, diagnostics } = builtin({ [`fn::${name}`]: { a: ['${b}'] } });
      expect(diagnostics).toEqual([]);
      expect(expr).toMatchObject({
        builtin: name,
        arg: { kind: 'object', path: `values.x["fn::${name}"]` },
      });
    },
  );
});

describe('declareExpr: depth', () => {
  const DEPTH = 10_000;

  function nest(wrap: (inner: SyntaxNode) => SyntaxNode): SyntaxNode {
    let node: SyntaxNode = stringNode('${leaf}');
    for (let i = 0; i < DEPTH; i++) node = wrap(node);
    return node;
  }

  function depthOf(expr: Expr): number {
    let depth = 0;
    for (let current: Expr | undefined = expr; current !== undefined; depth++) {
      if (current.kind === 'array') current = current.elements[0];
      else if (current.kind === 'object') current = current.entries[0]?.value;
      else if (current.kind === 'builtin' && 'arg' in current) current = current.arg;
      else break;
    }
    return depth;
  }

  it.each<[string, (inner: SyntaxNode) => SyntaxNode]>([
    ['arrays', (inner) => ({ kind: 'array', path: '', range: rangeOn(1), items: [inner] })],
    [
      'objects',
      (inner) => ({
        kind: 'object',
        path: '',
        range: rangeOn(1),
        entries: [{ key: stringNode('k'), value: inner }],
      }),
    ],
    [
      'builtins',
      (inner) => ({
        kind: 'object',
        path: '',
        range: rangeOn(1),
        entries: [{ key: stringNode('fn::toJSON'), value: inner }],
      }),
    ],
  ])(`declares ${DEPTH} levels of nested %s without overflowing the stack`, (_, wrap) => {
    const diagnostics: Diagnostic[] = [];
    const expr = declareExpr(nest(wrap), diagnostics);
    expect(diagnostics).toEqual([]);
    expect(depthOf(expr)).toBe(DEPTH);
  });
});
