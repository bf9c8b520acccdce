import { describe, expect, it } from 'vitest';
import { CliError } from '../src/cli-error.js';
import { COMMANDS } from '../src/command-table.js';
import { findCommand, parseCommandFlags } from '../src/parse-command-line.js';

describe('findCommand', () => {
  it.each([
    [['env', 'get', 'a/b'], 'env get', ['a/b']],
    [['open', 'a/b', '-f', 'yaml'], 'env open', ['a/b', '-f', 'yaml']],
    [['env', 'version', 'a@1'], 'env version', ['a@1']],
    [['env', 'version', 'history', 'a'], 'env version history', ['a']],
    [['env', 'version', 'tag', 'ls', 'a'], 'env version tag ls', ['a']],
    [['env', 'version', 'tag', 'a@stable', '2'], 'env version tag', ['a@stable', '2']],
    [['env', 'tag', 'a', 'k', 'v'], 'env tag', ['a', 'k', 'v']],
    [['run', 'a', '--', 'ls'], 'env run', ['a', '--', 'ls']],
    [['audit'], 'audit', []],
  ])('%j names %s', (argv, path, rest) => {
    const found = findCommand(COMMANDS, argv);
    expect('spec' in found && found.spec.path).toBe(path);
    expect(found.rest).toEqual(rest);
  });

  it.each([
    [['env'], 'env'],
    [['env', 'nope'], 'env'],
    [['nope'], ''],
  ])('%j is the group %j', (argv, prefix) => {
    const found = findCommand(COMMANDS, argv);
    expect('prefix' in found && found.prefix).toBe(prefix);
  });
});

describe('parseCommandFlags', () => {
  const spec = (path: string) => {
    const found = findCommand(COMMANDS, path.split(' '));
    if (!('spec' in found)) throw new Error(path);
    return found.spec;
  };

  it.each([
    ['env get', ['a', 'x.y', '--value', 'json'], ['a', 'x.y'], { value: 'json' }],
    [
      'env get',
      ['a', '--show-secrets', '--org', 'acme'],
      ['a'],
      { 'show-secrets': true, org: 'acme' },
    ],
    ['env open', ['a', '-f', 'dotenv'], ['a'], { format: 'dotenv' }],
    ['env open', ['a', '--format=shell'], ['a'], { format: 'shell' }],
    ['env set', ['a', 'p', '--secret', 'v'], ['a', 'p', 'v'], { secret: true }],
    ['env init', ['a', '-f', '-'], ['a'], { file: '-' }],
    ['env init', ['a', '-f=def.yaml'], ['a'], { file: 'def.yaml' }],
    ['env set', ['-f=-', 'a', 'p'], ['a', 'p'], { file: '-' }],
    ['env open', ['a', '-f=json'], ['a'], { format: 'json' }],
    ['env ls', ['--output', 'json', '-p', 'proj'], [], { output: 'json', project: 'proj' }],
    ['env rm', ['a', '-y'], ['a'], { yes: true }],
    [
      'env version retract',
      ['a@2', '--replace-with', '1', '--reason', 'oops'],
      ['a@2'],
      { 'replace-with': '1', reason: 'oops' },
    ],
  ])('%s %j', (path, tokens, positionals, flags) => {
    const parsed = parseCommandFlags(spec(path), tokens);
    expect(parsed.positionals).toEqual(positionals);
    expect(parsed.flags).toMatchObject(flags);
  });

  it.each([
    ['env get', ['a', '--nope']],
    ['env get', ['a', '--value', 'xml']],
    ['env open', ['a', '-f', 'toml']],
    ['env ls', ['--output', 'csv']],
    ['env set', ['a', '--secret=yes']],
  ])('%s %j is a usage error', (path, tokens) => {
    expect(() => parseCommandFlags(spec(path), tokens)).toThrow(CliError);
    try {
      parseCommandFlags(spec(path), tokens);
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('leaves -x=value alone after --', () => {
    const parsed = parseCommandFlags(spec('env get'), ['a', '--', '-f=x']);
    expect(parsed.positionals).toEqual(['a', '-f=x']);
  });

  it('records where -- was', () => {
    const parsed = parseCommandFlags(spec('env get'), ['a', '--', '-x']);
    expect(parsed.positionals).toEqual(['a', '-x']);
    expect(parsed.terminatorIndex).toBe(1);
  });
});
