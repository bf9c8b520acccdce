import { describe, expect, it } from 'vitest';
import { parseBackendUrl, formatBackendUrl } from '../src/backend/backend-url.js';
import { CliError } from '../src/cli-error.js';
import { looksLikeSecret } from '../src/definition/looks-like-secret.js';
import { parsePropertyPath } from '../src/definition/property-path.js';
import { splitVersion } from '../src/version-ref.js';

describe('parseBackendUrl', () => {
  it.each([
    ['sqlite:///abs/path.db', { scheme: 'sqlite', path: '/abs/path.db' }],
    ['sqlite://./rel.db', { scheme: 'sqlite', path: '/home/user/project/rel.db' }],
    ['sqlite://rel/x.db', { scheme: 'sqlite', path: '/home/user/project/rel/x.db' }],
    ['s3://bucket', { scheme: 's3', bucket: 'bucket', prefix: '' }],
    [
      's3://bucket/team/a?region=eu-west-1',
      { scheme: 's3', bucket: 'bucket', prefix: 'team/a', region: 'eu-west-1' },
    ],
    [
      's3://b/p?endpoint=http://127.0.0.1:9000&forcePathStyle=true',
      {
        scheme: 's3',
        bucket: 'b',
        prefix: 'p',
        endpoint: 'http://127.0.0.1:9000',
        forcePathStyle: true,
      },
    ],
  ])('%s', (url, expected) => {
    expect(parseBackendUrl(url, '/home/user/project')).toEqual(expected);
  });

  it.each([
    'postgres://x',
    'sqlite://',
    's3://',
    's3://b?color=red',
    's3://b?forcePathStyle=maybe',
    'file.db',
  ])('refuses %s', (url) => {
    expect(() => parseBackendUrl(url, '/')).toThrow(CliError);
  });

  it.each([
    'sqlite:///a/b.db',
    's3://b/p?region=r&endpoint=http%3A%2F%2Fh%3A1&forcePathStyle=true',
  ])('round-trips %s', (url) => {
    const spec = parseBackendUrl(url, '/');
    expect(parseBackendUrl(formatBackendUrl(spec), '/')).toEqual(spec);
  });
});

describe('parsePropertyPath', () => {
  it.each([
    ['a', ['a']],
    ['a.b.c', ['a', 'b', 'c']],
    ['a[0].b', ['a', 0, 'b']],
    ['a["b.c"]', ['a', 'b.c']],
    ['a["x]y"][2]', ['a', 'x]y', 2]],
    ['environmentVariables.PORT', ['environmentVariables', 'PORT']],
  ])('%s', (text, expected) => {
    expect(parsePropertyPath(text)).toEqual(expected);
  });

  it.each(['', 'a.', 'a[', 'a[x]', '.a', 'a..b'])('refuses %j', (text) => {
    expect(() => parsePropertyPath(text)).toThrow(CliError);
  });
});

describe('splitVersion', () => {
  it.each([
    ['a', 'a', undefined],
    ['p/a@3', 'p/a', '3'],
    ['o/p/a@stable', 'o/p/a', 'stable'],
    // esc's legacy separator, when there is no `@`.
    ['p/a:3', 'p/a', '3'],
    ['a:stable', 'a', 'stable'],
    [':2', '', '2'],
    ['a@1:2', 'a', '1:2'],
  ])('%s', (ref, base, version) => {
    expect(splitVersion(ref)).toEqual({ base, version });
  });
});

describe('looksLikeSecret', () => {
  it.each([
    ['password', 'YMHdog6VkUqbVS5dAErxWeMy83r4HeBeNRdEuUFwK3M=', true],
    ['apiToken', 'ghp_x8K2mQ9vL4nR7tW1', true],
    ['password', 'hunter2', false],
    ['greeting', 'YMHdog6VkUqbVS5dAErxWeMy83r4HeBeNRdEuUFwK3M=', false],
    ['secret', 'aaaaaaaaaaaaaaaaaaaa', false],
  ])('%s = %s → %s', (key, value, expected) => {
    expect(looksLikeSecret(key, value)).toBe(expected);
  });
});
