// Builtin calls (language-spec §1.4, §4): recognising `fn::` keys and checking argument shapes.
// Shape errors are load diagnostics; the parts they concern are then left out of the call.

import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import type { ObjectNode } from '../parse/syntax-node.js';
import type { BuiltinExpr, Expr, ObjectExpr, UnaryBuiltinExpr } from './expr.js';

const UNARY_BUILTINS: ReadonlyMap<string, UnaryBuiltinExpr['builtin']> = new Map([
  ['fn::toJSON', 'toJSON'],
  ['fn::fromJSON', 'fromJSON'],
  ['fn::toBase64', 'toBase64'],
  ['fn::fromBase64', 'fromBase64'],
  ['fn::toString', 'toString'],
  ['fn::final', 'final'],
]);

const OTHER_BUILTINS: ReadonlySet<string> = new Set([
  'fn::open',
  'fn::rotate',
  'fn::secret',
  'fn::join',
  'fn::split',
  'fn::concat',
  'fn::validate',
]);

const OPEN_PREFIX = 'fn::open::';
const ROTATE_PREFIX = 'fn::rotate::';

/** The key of a single-key mapping: a builtin name (case-sensitive), another `fn::` key, or neither. */
export function classifyBuiltinKey(key: string): 'builtin' | 'reserved' | 'none' {
  if (UNARY_BUILTINS.has(key) || OTHER_BUILTINS.has(key)) return 'builtin';
  if (key.startsWith(OPEN_PREFIX) || key.startsWith(ROTATE_PREFIX)) return 'builtin';
  return key.slice(0, 4).toLowerCase() === 'fn::' ? 'reserved' : 'none';
}

/** A recognised call: the single-key mapping, its key, and the declared argument. */
export interface BuiltinCall {
  readonly node: ObjectNode;
  readonly name: string;
  readonly nameRange: SourceRange;
  readonly args: Expr;
}

/** Builds the call's expression from its declared argument (§4), reporting shape errors. */
export function declareBuiltin(call: BuiltinCall, diagnostics: Diagnostic[]): BuiltinExpr {
  const { node, name, nameRange, args } = call;
  const base = {
    kind: 'builtin',
    name,
    nameRange,
    argument: args,
    range: node.range,
    path: node.path,
    syntax: node,
  } as const;
  const fail = (at: Expr, summary: string): void => {
    diagnostics.push(createDiagnostic('INVALID_BUILTIN_ARGUMENT', summary, at.path, at.range));
  };

  const unary = UNARY_BUILTINS.get(name);
  if (unary !== undefined) {
    // The most common calls, built without spreading `base`.
    const { range, path } = node;
    return {
      kind: 'builtin',
      name,
      nameRange,
      argument: args,
      range,
      path,
      syntax: node,
      builtin: unary,
      arg: args,
    };
  }

  switch (name) {
    case 'fn::open': {
      if (args.kind !== 'object') {
        fail(args, "the argument to fn::open must be an object containing 'provider' and 'inputs'");
        return { ...base, builtin: 'open' };
      }
      const fields = lastFields(args, ['provider', 'inputs']);
      const provider = providerName(args, fields.get('provider'), fail);
      const inputs = fields.get('inputs');
      if (inputs === undefined) fail(args, "missing provider inputs ('inputs')");
      return { ...base, builtin: 'open', provider, inputs };
    }
    case 'fn::rotate':
      return declareRotate(base, args, undefined, fail);
    case 'fn::secret':
      return declareSecret(base, args, fail);
    case 'fn::join':
    case 'fn::split': {
      const builtin = name === 'fn::join' ? 'join' : 'split';
      const [first, second] = args.kind === 'array' ? args.elements : [];
      if (
        args.kind !== 'array' ||
        args.elements.length !== 2 ||
        first === undefined ||
        second === undefined
      ) {
        fail(args, `the argument to fn::${builtin} must be a two-valued list`);
        return { ...base, builtin };
      }
      return { ...base, builtin, args: [first, second] };
    }
    case 'fn::concat':
      if (args.kind !== 'array') {
        fail(args, 'the argument to fn::concat must be an array of arrays');
        return { ...base, builtin: 'concat' };
      }
      return { ...base, builtin: 'concat', arrays: args.elements };
    case 'fn::validate': {
      if (args.kind !== 'object') {
        fail(
          args,
          "the argument to fn::validate must be an object containing 'schema' and 'value'",
        );
        return { ...base, builtin: 'validate' };
      }
      const fields = lastFields(args, ['schema', 'value']);
      const schema = fields.get('schema');
      const value = fields.get('value');
      if (schema === undefined) fail(args, "missing required property 'schema'");
      if (value === undefined) fail(args, "missing required property 'value'");
      return { ...base, builtin: 'validate', schema, value };
    }
  }

  if (name.startsWith(OPEN_PREFIX)) {
    return { ...base, builtin: 'open', provider: name.slice(OPEN_PREFIX.length), inputs: args };
  }
  return declareRotate(base, args, name.slice(ROTATE_PREFIX.length), fail);
}

type Base = Pick<
  BuiltinExpr,
  'kind' | 'name' | 'nameRange' | 'argument' | 'range' | 'path' | 'syntax'
>;
type Fail = (at: Expr, summary: string) => void;

/** The last value of each wanted key (ESC reads the entries in order, so a later one wins). */
function lastFields(args: ObjectExpr, keys: readonly string[]): Map<string, Expr> {
  const fields = new Map<string, Expr>();
  for (const entry of args.entries)
    if (keys.includes(entry.key)) fields.set(entry.key, entry.value);
  return fields;
}

function providerName(
  args: ObjectExpr,
  provider: Expr | undefined,
  fail: Fail,
): string | undefined {
  if (provider === undefined) fail(args, "missing provider name ('provider')");
  else if (provider.kind !== 'string') fail(provider, 'provider name must be a string literal');
  else return provider.value;
  return undefined;
}

/** Long form when `shortProvider` is undefined, else `fn::rotate::<shortProvider>`. */
function declareRotate(
  base: Base,
  args: Expr,
  shortProvider: string | undefined,
  fail: Fail,
): BuiltinExpr {
  if (args.kind !== 'object') {
    fail(
      args,
      shortProvider === undefined
        ? "the argument to fn::rotate must be an object containing 'provider', 'inputs' and 'state'"
        : "the argument to fn::rotate must be an object containing 'inputs' and 'state'",
    );
    return { ...base, builtin: 'rotate', valid: false };
  }
  let valid = true;
  const failAndInvalidate: Fail = (at, summary) => {
    valid = false;
    fail(at, summary);
  };
  const fields = lastFields(
    args,
    shortProvider === undefined ? ['provider', 'inputs', 'state'] : ['inputs', 'state'],
  );
  const provider = shortProvider ?? providerName(args, fields.get('provider'), failAndInvalidate);
  const inputs = fields.get('inputs');
  if (inputs === undefined) failAndInvalidate(args, "missing provider inputs ('inputs')");
  const stateExpr = fields.get('state');
  let state: ObjectExpr | undefined;
  if (stateExpr?.kind === 'object') state = stateExpr;
  else if (stateExpr !== undefined)
    failAndInvalidate(stateExpr, 'rotation state must be an object literal');
  return { ...base, builtin: 'rotate', provider, inputs, state, valid };
}

function declareSecret(base: Base, args: Expr, fail: Fail): BuiltinExpr {
  // ESC counts entries whose key failed to parse too, so count the mapping's own entries.
  const count = args.syntax?.kind === 'object' ? args.syntax.entries.length : undefined;
  if (args.kind === 'object' && count === 1 && args.entries.length === 1) {
    const [entry] = args.entries;
    if (entry?.key === 'ciphertext' && entry.value.kind === 'string') {
      return {
        ...base,
        builtin: 'secret',
        ciphertext: entry.value.value,
        ciphertextRange: args.range,
      };
    }
  }
  if (args.kind === 'string') return { ...base, builtin: 'secret', plaintext: args.value };
  fail(args, 'secret values must be string literals');
  return { ...base, builtin: 'secret', plaintext: '' };
}
