import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueToPlainJson } from '../../src/projection/render-value-json.js';
import { goJsonEncode } from '../../src/internal/_go-json.js';
import type { Value } from '../../src/value/value.js';
import { echoProviders, evaluate, memoryLoader } from './_harness.js';

// ESC layers an environment's imports as one chain (language-spec §2.3, §10.2): an imported
// environment is merged over the running base together with its own chain of bases, so the
// importer sees exactly what ESC's copy-and-merge of whole chains gives, whatever Strata compacts.

const json = (value: Value | undefined): unknown =>
  value === undefined
    ? undefined
    : JSON.parse(goJsonEncode(valueToPlainJson(value, { redact: true })));

async function open(
  definitions: Record<string, string>,
  root = 'app',
  mode: 'check' | 'eval' = 'eval',
) {
  const { [root]: source, ...others } = definitions;
  const result = await evaluate(root, source!, {
    loader: memoryLoader(others),
    providers: echoProviders(),
    mode,
  });
  return { value: json(result.value), diagnostics: result.diagnostics.map((d) => d.summary) };
}

describe('import layering as ESC chains it', () => {
  const base = 'values:\n  db: {host: h, port: 5432}\n';
  const team = 'imports: [legacy]\nvalues:\n  db: {user: u}\n';
  const app = 'imports: [base, team]\n';

  it.each([
    ['a connection string', 'values:\n  db: postgres://legacy\n'],
    ['a list', 'values:\n  db: [a, b]\n'],
    ['null', 'values:\n  db: null\n'],
    ['a number', 'values:\n  db: 5\n'],
  ])('hides what lies under %s in an import’s own chain', async (_what, legacy) => {
    const opened = await open({ app, base, team, legacy });
    expect(opened.diagnostics).toEqual([]);
    expect(opened.value).toEqual({ db: { user: 'u' } });
  });

  it('hides what lies under an unopened provider call, in check mode', async () => {
    const legacy = 'values:\n  db: {fn::open::echo: {dsn: x}}\n';
    const opened = await open({ app, base, team, legacy }, 'app', 'check');
    expect(opened.value).toEqual({ db: { user: 'u' } });
    // Once open it is an object, so the chain goes on down to base.
    const evaluated = await open({ app, base, team, legacy });
    expect(evaluated.value).toEqual({ db: { dsn: 'x', host: 'h', port: 5432, user: 'u' } });
  });

  it('keeps lower layers when every level of the chain is an object', async () => {
    const legacy = 'values:\n  db: {sslmode: require}\n';
    const opened = await open({ app, base, team, legacy });
    expect(opened.value).toEqual({ db: { host: 'h', port: 5432, sslmode: 'require', user: 'u' } });
  });

  it('stops at a value that is not an object at any depth', async () => {
    const opened = await open({
      app: 'imports: [low, mid]\nvalues:\n  a: {b: {own: 1}}\n',
      low: 'values:\n  a: {b: {c: {d: low}, low: 1}, lowA: 1}\n',
      mid: 'imports: [mid0]\nvalues:\n  a: {b: {c: {mid: 1}}}\n',
      mid0: 'values:\n  a: {b: {c: cut}}\n',
    });
    // At a.b.c the chain is mid → mid0 (a string) → low: low's a.b.c is hidden, a.b.low is not.
    expect(opened.value).toEqual({ a: { b: { c: { mid: 1 }, low: 1, own: 1 }, lowA: 1 } });
  });

  it('does not merge an import with merge: false, but exposes it under imports', async () => {
    const opened = await open({
      app: 'imports: [base, {team: {merge: false}}]\nvalues:\n  seen: ${imports.team.db}\n',
      base,
      team,
      legacy: 'values:\n  db: cut\n',
    });
    expect(opened.value).toEqual({ db: { host: 'h', port: 5432 }, seen: { user: 'u' } });
  });

  it('layers an import reached by two paths once per path, as ESC does', async () => {
    // app → [shared, wrap]; wrap → [cut, shared]. At x the chain is wrap → shared → cut → shared:
    // the second copy of shared is under the string and stays hidden, the first one is visible.
    const opened = await open({
      app: 'imports: [shared, wrap]\n',
      shared: 'values:\n  x: {s: 1}\n',
      wrap: 'imports: [cut, shared]\nvalues:\n  x: {w: 1}\n',
      cut: 'values:\n  x: cut\n',
    });
    expect(opened.value).toEqual({ x: { s: 1, w: 1 } });
  });

  it('layers diamonds in import order', async () => {
    const opened = await open({
      app: 'imports: [left, right]\nvalues:\n  own: 1\n',
      left: 'imports: [root]\nvalues:\n  side: left\n  l: 1\n',
      right: 'imports: [root]\nvalues:\n  side: right\n  r: {fromRight: 1}\n',
      root: 'values:\n  side: root\n  r: plain\n  top: 1\n',
    });
    expect(opened.value).toEqual({ l: 1, own: 1, r: { fromRight: 1 }, side: 'right', top: 1 });
  });

  it('suggests keys from the deepest object of the chain, as ESC does', async () => {
    // The chain under app is wrap → near → far: a failed lookup suggests from far only.
    const opened = await open({
      app: 'imports: [wrap]\nvalues:\n  x: ${settings.colour}\n',
      wrap: 'imports: [far, near]\nvalues:\n  settings: {size: 1}\n',
      near: 'values:\n  settings: {color: red}\n',
      far: 'values:\n  settings: {colours: []}\n',
    });
    expect(opened.diagnostics).toEqual(['unknown property "colour"; did you mean "colours"?']);
  });
});

// ---- a reference model: ESC's chains, copied and merged whole (§10.2) ----------------------

type ModelValue =
  | { kind: 'object'; own: Map<string, ModelValue>; base?: ModelValue }
  | { kind: 'leaf'; json: unknown; base?: ModelValue }
  | { kind: 'unknown'; base?: ModelValue; access?: { receiver: ModelValue; key: string } };

function copy(value: ModelValue, seen = new Map<ModelValue, ModelValue>()): ModelValue {
  const done = seen.get(value);
  if (done !== undefined) return done;
  const out: ModelValue = { ...value };
  seen.set(value, out);
  if (value.kind === 'object' && out.kind === 'object') {
    out.own = new Map([...value.own].map(([k, v]) => [k, copy(v, seen)]));
  }
  // ESC's copier shares a synthesized unknown's receiver with the original, so that two lookups of
  // one key in different copies are not "the same" and a later merge can link a chain into a loop
  // (Go overflows its stack). The receiver is copied along here: ESC's evident intent, and Strata's.
  if (value.kind === 'unknown' && value.access && out.kind === 'unknown') {
    out.access = { receiver: copy(value.access.receiver, seen), key: value.access.key };
  }
  if (value.base !== undefined) out.base = copy(value.base, seen);
  return out;
}

function property(value: ModelValue | undefined, key: string): ModelValue | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'object') return value.own.get(key) ?? property(value.base, key);
  if (value.kind === 'unknown') {
    const synthesized: ModelValue = { kind: 'unknown', access: { receiver: value, key } };
    const under = property(value.base, key);
    if (under !== undefined) synthesized.base = under;
    return synthesized;
  }
  return undefined;
}

/** ESC's `is`: identical, or unknowns synthesized for one key of one receiver. */
function is(a: ModelValue, b: ModelValue): boolean {
  if (a === b) return true;
  if (a.kind !== 'unknown' || b.kind !== 'unknown' || !a.access || !b.access) return false;
  return a.access.key === b.access.key && is(a.access.receiver, b.access.receiver);
}

function merge(value: ModelValue, base: ModelValue | undefined): void {
  if (base === undefined || is(value, base)) return;
  if (value.base !== undefined) merge(value.base, base);
  else value.base = base;
  if (value.kind === 'object') {
    for (const [key, p] of value.own) merge(p, property(value.base, key));
  }
}

function render(value: ModelValue): unknown {
  if (value.kind === 'unknown') return '[unknown]';
  if (value.kind === 'leaf') return value.json;
  const out: Record<string, unknown> = {};
  const keys = new Set<string>();
  for (let v: ModelValue | undefined = value; v?.kind === 'object'; v = v.base) {
    for (const key of v.own.keys()) keys.add(key);
  }
  for (const key of [...keys].sort()) {
    let found: ModelValue | undefined;
    for (let v: ModelValue | undefined = value; v?.kind === 'object' && !found; v = v.base) {
      found = v.own.get(key);
    }
    out[key] = render(found!);
  }
  return out;
}

/** Literal trees: objects, scalars, lists, and `open` (unknown in check mode). */
type Literal = { open: true } | { leaf: unknown } | { [key: string]: Literal };
interface ModelEnv {
  imports: { name: string; merge: boolean }[];
  values: Record<string, Literal>;
}

function modelOf(literal: Literal): ModelValue {
  if ('open' in literal && literal.open === true) return { kind: 'unknown' };
  if ('leaf' in literal) return { kind: 'leaf', json: literal.leaf };
  const own = new Map<string, ModelValue>();
  for (const [k, v] of Object.entries(literal as Record<string, Literal>)) own.set(k, modelOf(v));
  return { kind: 'object', own };
}

function evaluateModel(
  envs: Record<string, ModelEnv>,
  name: string,
  cache = new Map(),
): ModelValue {
  const cached = cache.get(name) as ModelValue | undefined;
  if (cached !== undefined) return cached;
  let base: ModelValue | undefined;
  for (const decl of envs[name]!.imports) {
    const imported = evaluateModel(envs, decl.name, cache);
    if (!decl.merge) continue;
    const layered = copy(imported);
    merge(layered, base);
    base = layered;
  }
  const root = modelOf(envs[name]!.values);
  merge(root, base);
  cache.set(name, root);
  return root;
}

function yamlOf(literal: Literal): string {
  if ('open' in literal && literal.open === true) return '{fn::open::echo: {}}';
  if ('leaf' in literal) return JSON.stringify(literal.leaf);
  const entries = Object.entries(literal as Record<string, Literal>);
  return `{${entries.map(([k, v]) => `${k}: ${yamlOf(v)}`).join(', ')}}`;
}

function definitionOf(env: ModelEnv): string {
  const imports = env.imports.map((d) => (d.merge ? d.name : `{${d.name}: {merge: false}}`));
  return `imports: [${imports.join(', ')}]\nvalues: ${yamlOf(env.values)}\n`;
}

const literal: fc.Arbitrary<Literal> = fc.letrec<{ node: Literal }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    fc.constantFrom<Literal>(
      { leaf: 'text' },
      { leaf: 7 },
      { leaf: null },
      { leaf: [1, 'x'] },
      { open: true },
    ),
    fc.dictionary(fc.constantFrom('a', 'b'), tie('node'), { maxKeys: 2 }),
  ),
})).node;

const graph = fc
  .array(
    fc.record({
      imports: fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.nat(9)), { maxLength: 4 }),
      // At least one value: an environment with none is empty and opens to nothing.
      values: fc.dictionary(fc.constantFrom('a', 'b'), literal, { minKeys: 1, maxKeys: 2 }),
    }),
    { minLength: 2, maxLength: 7 },
  )
  .map((specs) => {
    const envs: Record<string, ModelEnv> = {};
    specs.forEach((spec, i) => {
      // Imports only point to earlier environments, so the graph has no cycles; repeats allowed.
      const imports =
        i === 0
          ? []
          : spec.imports.map(([target, unmerged, weight]) => ({
              name: `e${target % i}`,
              merge: !(unmerged && weight < 3),
            }));
      envs[`e${i}`] = { imports, values: spec.values };
    });
    return envs;
  });

describe('import layering against a model of ESC’s whole chains', () => {
  it('gives the values ESC gives for random import graphs, in check and eval mode', async () => {
    await fc.assert(
      fc.asyncProperty(
        graph,
        fc.constantFrom<'check' | 'eval'>('check', 'eval'),
        async (envs, mode) => {
          const names = Object.keys(envs);
          const root = names[names.length - 1]!;
          const definitions = Object.fromEntries(names.map((n) => [n, definitionOf(envs[n]!)]));
          const opened = await open(definitions, root, mode);
          expect(opened.diagnostics).toEqual([]);
          if (mode === 'check') {
            expect(opened.value).toEqual(render(evaluateModel(envs, root)));
          } else {
            // Opened, echo returns its (empty) inputs: an empty object in place of each unknown.
            const opens = (l: Literal): Literal =>
              'open' in l && l.open === true
                ? {}
                : 'leaf' in l
                  ? l
                  : Object.fromEntries(Object.entries(l).map(([k, v]) => [k, opens(v as Literal)]));
            const evalEnvs = Object.fromEntries(
              names.map((n) => [
                n,
                { ...envs[n]!, values: opens(envs[n]!.values) as Record<string, Literal> },
              ]),
            );
            expect(opened.value).toEqual(render(evaluateModel(evalEnvs, root)));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
