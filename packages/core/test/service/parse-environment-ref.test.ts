import { describe, expect, it } from 'vitest';
import {
  formatEnvironmentRef,
  parseEnvironmentRef,
} from '../../src/service/parse-environment-ref.js';
import { InvalidArgumentError } from '../../src/errors.js';

const defaults = { org: 'acme' };

describe('parseEnvironmentRef', () => {
  it.each([
    ['dev', 'acme/default/dev'],
    ['app/dev', 'acme/app/dev'],
    ['corp/app/dev', 'corp/app/dev'],
    ['app/dev@3', 'acme/app/dev@3'],
    ['app/dev@stable', 'acme/app/dev@stable'],
    ['app/dev@latest', 'acme/app/dev@latest'],
    ['app/dev:v1.2', 'acme/app/dev@v1.2'],
    ['a.b/c_d/e-f@_x', 'a.b/c_d/e-f@_x'],
  ])('%s → %s', (ref, expected) => {
    expect(formatEnvironmentRef(parseEnvironmentRef(ref, defaults))).toBe(expected);
  });

  it('resolves one part against the given default project', () => {
    expect(parseEnvironmentRef('base@2', { org: 'o', project: 'p' })).toEqual({
      env: { org: 'o', project: 'p', name: 'base' },
      version: { kind: 'revision', number: 2 },
    });
  });

  it.each([
    '',
    '/',
    'a//b',
    'a/b/c/d',
    'a b',
    'dev@',
    'dev@0',
    'dev@01',
    'dev@2x',
    'dev@-x',
    'dev@a/b',
    '..',
    'x/./y',
    'dév',
  ])('refuses %j', (ref) => {
    expect(() => parseEnvironmentRef(ref, defaults)).toThrow(InvalidArgumentError);
  });
});
