import { describe, expect, it } from 'vitest';
import { valueToPlainJson } from '../../src/projection/render-value-json.js';
import { goJsonEncode } from '../../src/internal/_go-json.js';
import type { Value } from '../../src/value/value.js';
import { echoProviders, evaluate, memoryLoader } from './_harness.js';

const json = (value: Value | undefined, redact = false) =>
  value === undefined ? undefined : goJsonEncode(valueToPlainJson(value, { redact }));

describe('evaluateEnvironment', () => {
  it('resolves inline ${environments.project.env} references through the loader', async () => {
    const loader = memoryLoader({ 'foo/bar': 'values:\n  some_value: 42\n' });
    const result = await evaluate('app', 'values:\n  ref: ${environments.foo.bar.some_value}\n', {
      loader,
    });
    expect(result.diagnostics).toEqual([]);
    expect(json(result.value)).toBe('{"ref":42}');
  });

  it('reports a missing inline reference with the loader message on the reference', async () => {
    const result = await evaluate('app', 'values:\n  ref: ${environments.foo.nope.x}\n', {
      loader: memoryLoader({}),
    });
    expect(result.diagnostics.map((d) => [d.summary, d.path])).toEqual([
      ['environment "foo/nope" not found', 'values.ref'],
    ]);
    expect(json(result.value)).toBe('{"ref":"[unknown]"}');
  });

  it('loads every import of a level at once and each environment once', async () => {
    const log: string[] = [];
    const loader = memoryLoader(
      {
        a: 'imports: [common]\nvalues:\n  a: 1\n',
        b: 'imports: [common]\nvalues:\n  b: 2\n',
        c: 'imports: [common]\nvalues:\n  c: 3\n',
        common: 'values:\n  shared: yes\n',
      },
      { delayMs: 5, log },
    );
    const result = await evaluate('root', 'imports: [a, b, c]\nvalues:\n  own: true\n', { loader });
    expect(result.diagnostics).toEqual([]);
    expect(json(result.value)).toBe('{"a":1,"b":2,"c":3,"own":true,"shared":"yes"}');
    expect(loader.maxInFlight).toBe(3);
    expect([...log].sort()).toEqual(['a', 'b', 'c', 'common']);
  });

  it('runs independent provider calls at the same time and dependent ones after', async () => {
    const providers = echoProviders(5);
    const source = [
      'values:',
      '  one: {fn::open::echo: {n: 1}}',
      '  two: {fn::open::echo: {n: 2}}',
      '  three: {fn::open::echo: {n: 3}}',
      '  after: {fn::open::echo: {sum: "${one.n}+${two.n}"}}',
      '',
    ].join('\n');
    const result = await evaluate('app', source, { providers });
    expect(result.diagnostics).toEqual([]);
    expect(json(result.value)).toBe(
      '{"after":{"sum":"1+2"},"one":{"n":1},"three":{"n":3},"two":{"n":2}}',
    );
    expect(providers.maxInFlight).toBe(3);
    expect(providers.calls).toHaveLength(4);
    expect(providers.calls.at(-1)).toEqual({ sum: '1+2' });
  });

  it('does not call providers in check mode', async () => {
    const providers = echoProviders();
    const result = await evaluate('app', 'values:\n  x: {fn::open::echo: {n: 1}}\n  y: ${x.n}\n', {
      providers,
      mode: 'check',
    });
    expect(providers.calls).toEqual([]);
    expect(json(result.value)).toBe('{"x":"[unknown]","y":"[unknown]"}');
  });

  it('gives the same values and diagnostics whatever order slow loads finish in', async () => {
    const definitions = {
      a: 'values:\n  x: ${missing}\n  shared: a\n',
      b: 'values:\n  y: ${also.missing}\n  shared: b\n',
    };
    const source = 'imports: [a, b]\nvalues:\n  z: ${shared}\n  w: ${nope}\n';
    const runs = await Promise.all(
      [1, 7, 3].map((delayMs) =>
        evaluate('root', source, { loader: memoryLoader(definitions, { delayMs }) }),
      ),
    );
    const shapes = runs.map((r) => [
      json(r.value),
      r.diagnostics.map((d) => `${d.range?.filename}:${d.summary}`),
    ]);
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    expect(shapes[0]![0]).toBe(
      '{"shared":"b","w":"[unknown]","x":"[unknown]","y":"[unknown]","z":"b"}',
    );
  });

  it('reports an import cycle instead of looping', async () => {
    const loader = memoryLoader({
      a: 'imports: [b]\nvalues:\n  a: 1\n',
      b: 'imports: [a]\nvalues:\n  b: 2\n',
    });
    const result = await evaluate('root', 'imports: [a]\n', { loader });
    expect(result.diagnostics.map((d) => d.summary)).toEqual(['cyclic import of a']);
  });

  it('keeps an import DAG linear: a shared import is not copied once per path', async () => {
    const definitions: Record<string, string> = { e0: 'values:\n  k: 0\n' };
    for (let i = 1; i < 40; i++) {
      const imports = [i - 1, Math.max(0, i - 2), Math.max(0, i - 3)].map((j) => `e${j}`);
      definitions[`e${i}`] =
        `imports: [${[...new Set(imports)].join(', ')}]\nvalues:\n  k: ${i}\n  v${i}: \${k}\n`;
    }
    const result = await evaluate('root', 'imports: [e39]\n', {
      loader: memoryLoader(definitions),
    });
    expect(result.diagnostics).toEqual([]);
    const plain = JSON.parse(json(result.value)!) as Record<string, unknown>;
    expect(plain.k).toBe(39);
    expect(plain.v39).toBe(39);
    expect(plain.v1).toBe(1);
  });

  it('sees a changed definition under the same name on the next open', async () => {
    const definitions: Record<string, string> = { base: 'values:\n  v: 1\n' };
    const loader = memoryLoader(definitions);
    const first = await evaluate('root', 'imports: [base]\n', { loader });
    definitions.base = 'values:\n  v: 2\n';
    const second = await evaluate('root', 'imports: [base]\n', { loader });
    expect([json(first.value), json(second.value)]).toEqual(['{"v":1}', '{"v":2}']);
  });
});
