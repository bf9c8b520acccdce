import { evaluateEnvironment, parseEnvironment, type Value } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpolateArgs } from '../../src/run/interpolate-args.js';

const DEFINITION = `
values:
  name: world
  port: 8080
  flag: true
  list: [a, b]
  nested:
    key: deep
    "dotted.key": dk
  password:
    fn::secret: hunter22
  withSecret:
    user: admin
    pass:
      fn::secret: inner-secret
`;

let root: Value | undefined;

beforeAll(async () => {
  const { environment, diagnostics } = parseEnvironment('app', DEFINITION);
  expect(diagnostics).toEqual([]);
  const opened = await evaluateEnvironment({
    name: 'app',
    environment: environment!,
    mode: 'eval',
  });
  root = opened.value;
});

describe('interpolateArgs', () => {
  it.each([
    ['no placeholder', 'plain', 'plain'],
    ['simple name', 'hello-${name}', 'hello-world'],
    ['number and boolean', '${port}:${flag}', '8080:true'],
    ['nested name', '${nested.key}', 'deep'],
    ['quoted key', '${nested["dotted.key"]}', 'dk'],
    ['root quoted key', '${["name"]}', 'world'],
    ['array index', '${list[1]}', 'b'],
    ['array as exported string', '${list}', '"a","b"'],
    ['missing property is empty', '[${nope}]', '[]'],
    ['missing index is empty', '[${list[7]}]', '[]'],
    ['empty access is empty', '[${}]', '[]'],
    ['$$ escape', '$${name} $$ $', '${name} $ $'],
    ['lone dollar', 'cost $5', 'cost $5'],
    ['unclosed brace left untouched', '${name', '${name'],
    ['whitespace left untouched', '${na me}', '${na me}'],
    ['empty name left untouched', '${nested.}', '${nested.}'],
    ['numeric first accessor left untouched', '${[0]}', '${[0]}'],
    ['bad subscript left untouched', '${list[x]}', '${list[x]}'],
    ['unterminated key left untouched', '${nested["key}', '${nested["key}'],
    ['untouched keeps $$ too', '$$ ${x', '$$ ${x'],
  ])('%s', (_name, arg, expected) => {
    expect(interpolateArgs([arg], root).args).toEqual([expected]);
  });

  it('reports the secrets it placed into arguments', () => {
    const { args, secrets } = interpolateArgs(['--pw=${password}', '${name}'], root);
    expect(args).toEqual(['--pw=hunter22', 'world']);
    expect(secrets).toEqual(['hunter22']);
  });

  it('treats an object holding a secret as secret', () => {
    const { args, secrets } = interpolateArgs(['${withSecret}'], root);
    expect(args[0]).toContain('inner-secret');
    expect(secrets).toEqual([args[0]]);
  });

  it('interpolates nothing without an environment value', () => {
    expect(interpolateArgs(['a${x}b'], undefined)).toEqual({ args: ['ab'], secrets: [] });
  });
});
