import { describe, expect, it } from 'vitest';
import { environmentVariables, temporaryFiles } from '../../src/projection/project-environment.js';
import { arr, bool, nul, num, obj, secret, str, unknown } from './_values.js';

describe('environmentVariables', () => {
  it('projects scalars as strings, sorted, skipping arrays and objects', () => {
    const root = obj({
      environmentVariables: obj({
        STRING: str('esc'),
        NULLV: nul(),
        BOOLEAN: bool(true),
        NUMBER: num('3.14'),
        ARRAY: arr([str('a')]),
        OBJECT: obj({ a: str('b') }),
        OPEN: unknown(),
      }),
    });
    expect(environmentVariables(root, { redact: false })).toEqual([
      { name: 'BOOLEAN', value: 'true', secret: false },
      { name: 'NULLV', value: '', secret: false },
      { name: 'NUMBER', value: '3.14', secret: false },
      { name: 'OPEN', value: '[unknown]', secret: false },
      { name: 'STRING', value: 'esc', secret: false },
    ]);
  });

  it('includes variables inherited from imports', () => {
    const imported = obj({ environmentVariables: obj({ HELLO: str('world'), FOO: str('baz') }) });
    const root = obj(
      { environmentVariables: obj({ FOO: str('bar') }, { base: valueOf(imported) }) },
      { base: imported },
    );
    expect(
      environmentVariables(root, { redact: false }).map((e) => `${e.name}=${e.value}`),
    ).toEqual(['FOO=bar', 'HELLO=world']);
  });

  it('flags secrets and redacts them on request', () => {
    const root = obj({ environmentVariables: obj({ SECRET: secret('hunter2') }) });
    expect(environmentVariables(root, { redact: true })).toEqual([
      { name: 'SECRET', value: '[secret]', secret: true },
    ]);
    expect(environmentVariables(root, { redact: false })).toEqual([
      { name: 'SECRET', value: 'hunter2', secret: true },
    ]);
  });

  it('treats entries of a secret container as secret', () => {
    const root = obj({ environmentVariables: obj({ A: str('x') }, { secret: true }) });
    expect(environmentVariables(root, { redact: true })).toEqual([
      { name: 'A', value: '[secret]', secret: true },
    ]);
  });

  it.each([
    ['missing root', undefined],
    ['no key', obj({})],
    ['not an object', obj({ environmentVariables: str('x') })],
    ['unknown', obj({ environmentVariables: unknown() })],
  ])('is empty for %s', (_name, root) => {
    expect(environmentVariables(root, { redact: false })).toEqual([]);
  });
});

describe('temporaryFiles', () => {
  it('projects file contents with the same rules', () => {
    const root = obj({
      files: obj({ KEY: secret('-----BEGIN KEY-----\n'), CONF: num('1'), SKIP: arr([]) }),
    });
    expect(temporaryFiles(root, { redact: false })).toEqual([
      { name: 'CONF', value: '1', secret: false },
      { name: 'KEY', value: '-----BEGIN KEY-----\n', secret: true },
    ]);
    expect(temporaryFiles(root, { redact: true })[1]?.value).toBe('[secret]');
  });
});

function valueOf(imported: ReturnType<typeof obj>): ReturnType<typeof obj> {
  const entries = imported.data as Map<string, ReturnType<typeof obj>>;
  return entries.get('environmentVariables')!;
}
