import { describe, expect, it } from 'vitest';
import { COMMANDS, commandPaths } from '../src/command-table.js';

describe('the command table', () => {
  it('names every command once, by its path or an alias', () => {
    const paths = commandPaths(COMMANDS);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^[a-z]+( [a-z]+(-[a-z]+)*)*$/);
  });

  it.each(COMMANDS.map((c) => [c.path, c] as const))(
    '%s loads code that exports execute',
    async (_path, command) => {
      const module = await command.load();
      expect(typeof module.execute).toBe('function');
    },
  );

  it('reads no ref before a command that parses its own arguments', () => {
    for (const c of COMMANDS) if (c.rawArgs === true) expect(c.firstArgIsRef).not.toBe(true);
  });
});
