import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli-error.js';
import { EXIT } from '../../src/exit-codes.js';
import { parseRunArgs } from '../../src/run/parse-run-args.js';

describe('parseRunArgs', () => {
  it.each([
    ['ref and command', ['app', 'env'], { ref: 'app', command: 'env', args: [] }],
    [
      'with --',
      ['app', '--', 'node', '-e', 'x'],
      { ref: 'app', command: 'node', args: ['-e', 'x'] },
    ],
    ['command split around --', ['app', 'node', '--', '-v'], { command: 'node', args: ['-v'] }],
    ['-i before the ref', ['-i', 'app', '--', 'sh'], { ref: 'app', interactive: true }],
    ['--interactive after the ref', ['app', '--interactive', 'sh'], { interactive: true }],
    ['--interactive=false', ['app', '--interactive=false', 'sh'], { interactive: false }],
    ['--org value', ['--org', 'acme', 'app', 'sh'], { org: 'acme', ref: 'app' }],
    ['--org=value', ['app', '--org=acme', 'sh'], { org: 'acme' }],
    [
      'flags after -- belong to the command',
      ['app', '--', 'ls', '-i'],
      { interactive: false, args: ['-i'] },
    ],
    ['a versioned ref', ['proj/app@stable', '--', 'true'], { ref: 'proj/app@stable' }],
    ['lone - is a positional', ['app', 'cat', '-'], { command: 'cat', args: ['-'] }],
  ])('%s', (_name, tokens, expected) => {
    expect(parseRunArgs(tokens)).toMatchObject(expected);
  });

  it.each([
    ['nothing', [], 'no environment specified'],
    ['-- first', ['--', 'echo', 'hi'], 'no environment specified'],
    ['only flags', ['-i'], 'no environment specified'],
    ['no command', ['app'], 'no command specified'],
    ['no command after --', ['app', '--'], 'no command specified'],
    ['unknown flag', ['app', 'node', '-e', 'x'], 'unknown flag "-e"'],
    ['--org without value', ['app', '--org'], 'flag --org needs a value'],
    ['bad boolean', ['app', '-i=maybe', 'sh'], 'invalid value "maybe" for -i: use true or false'],
  ])('rejects %s', (_name, tokens, message) => {
    let caught: unknown;
    try {
      parseRunArgs(tokens);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).message).toBe(message);
    expect((caught as CliError).exitCode).toBe(EXIT.USAGE);
  });
});
