import { describe, expect, it } from 'vitest';
import type { EnvironmentLoader } from '../../src/eval/host-interfaces.js';
import { valueToPlainJson } from '../../src/projection/render-value-json.js';
import { goJsonEncode } from '../../src/internal/_go-json.js';
import type { Value } from '../../src/value/value.js';
import { evaluate, memoryLoader } from './_harness.js';

// A `${environments.<project>.<env>}` reference back into an environment that is being evaluated
// is ESC's `cyclic import of <project>/<env>` at the referencing value, whose value stays unknown
// (language-spec §3.5).

const json = (value: Value | undefined) =>
  value === undefined ? undefined : goJsonEncode(valueToPlainJson(value, { redact: true }));

const located = (d: {
  summary: string;
  path: string;
  range?: { filename: string; start: { line: number; column: number }; end: { column: number } };
}) => [
  d.summary,
  d.path,
  d.range === undefined
    ? undefined
    : `${d.range.filename}:${d.range.start.line}:${d.range.start.column}-${d.range.end.column}`,
];

describe('cycles through inline environment references', () => {
  it('reports a reference to the root itself at the referencing value', async () => {
    const result = await evaluate(
      'foo/bar',
      'values:\n  ok: 1\n  self: ${environments.foo.bar.ok}\n',
      { loader: memoryLoader({}) },
    );
    expect(result.diagnostics.map(located)).toEqual([
      ['cyclic import of foo/bar', 'values.self', 'foo/bar:3:9-35'],
    ]);
    expect(json(result.value)).toBe('{"ok":1,"self":"[unknown]"}');
  });

  it('reports a reference back into an importer, in the imported environment', async () => {
    const loader = memoryLoader({
      'bad/bad': 'values:\n  cycle: ${environments.bad.bad.cycle}\n',
      'app/b': 'values:\n  back: ${environments.app.a.x}\n  fine: 2\n',
    });
    const selfImport = await evaluate('root', 'imports: [bad/bad]\n', { loader });
    expect(selfImport.diagnostics.map(located)).toEqual([
      ['cyclic import of bad/bad', 'values.cycle', 'bad/bad:2:10-39'],
    ]);
    expect(json(selfImport.value)).toBe('{"cycle":"[unknown]"}');

    const throughImport = await evaluate('app/a', 'imports: [app/b]\nvalues:\n  x: 1\n', {
      loader,
    });
    expect(throughImport.diagnostics.map(located)).toEqual([
      ['cyclic import of app/a', 'values.back', 'app/b:2:9-32'],
    ]);
    expect(json(throughImport.value)).toBe('{"back":"[unknown]","fine":2,"x":1}');
  });

  it('reports a loop of references between environments once, where it closes', async () => {
    const loader = memoryLoader({
      'app/b': 'values:\n  y: ${environments.app.c.z}\n',
      'app/c': 'values:\n  z: ${environments.app.a.x}\n',
    });
    const result = await evaluate('app/a', 'values:\n  x: ${environments.app.b.y}\n', { loader });
    expect(result.diagnostics.map(located)).toEqual([
      ['cyclic import of app/a', 'values.z', 'app/c:2:6-29'],
    ]);
    expect(json(result.value)).toBe('{"x":"[unknown]"}');
  });

  it('reuses an environment evaluated earlier without calling it a cycle', async () => {
    const loader = memoryLoader({
      'app/shared': 'values:\n  v: 1\n',
      'app/b': 'imports: [app/shared]\nvalues:\n  w: ${environments.app.shared.v}\n',
    });
    const result = await evaluate(
      'app/a',
      'imports: [app/shared, app/b]\nvalues:\n  again: ${environments.app.shared.v}\n',
      { loader },
    );
    expect(result.diagnostics).toEqual([]);
    expect(json(result.value)).toBe('{"again":1,"v":1,"w":1}');
  });

  it('knows an environment under every name a loader gives the same identity', async () => {
    // As the service's loader does: the root is `org/project/name`, references are relative.
    const inner = memoryLoader({ 'acme/app/b': 'values:\n  back: ${environments.app.a.x}\n' });
    const loader: EnvironmentLoader = {
      identify: (name) => (name.split('/').length === 3 ? name : `acme/${name}`),
      load: (name) => inner.load(name.split('/').length === 3 ? name : `acme/${name}`),
    };
    const result = await evaluate(
      'acme/app/a',
      'values:\n  x: 1\n  y: ${environments.app.b.back}\n  z: ${environments.app.a.x}\n',
      { loader },
    );
    expect(result.diagnostics.map(located)).toEqual([
      ['cyclic import of app/a', 'values.back', 'app/b:2:9-32'],
      ['cyclic import of app/a', 'values.z', 'acme/app/a:4:6-29'],
    ]);
    expect(json(result.value)).toBe('{"x":1,"y":"[unknown]","z":"[unknown]"}');
  });
});
