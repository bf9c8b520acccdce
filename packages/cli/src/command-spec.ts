import type { CommandContext } from './command-context.js';

/** One flag of a command, as node:util parseArgs takes it plus what --help prints. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly description: string;
  /** The placeholder shown in help (`--value <format>`). */
  readonly placeholder?: string;
  /** Allowed values of a string flag; anything else is a usage error. */
  readonly choices?: readonly string[];
}

/** What a command file exports. */
export interface CommandModule {
  execute(ctx: CommandContext): Promise<number>;
}

/** One row of the command table: everything known without loading the command's code. */
export interface CommandSpec {
  /** Words after `strata`: `env get`, `env version tag ls`. */
  readonly path: string;
  /** Other full paths that name this command (`open` for `env open`). */
  readonly aliases?: readonly string[];
  readonly summary: string;
  /** Arguments after the path: `<ref>[@version] [path]`. */
  readonly usage: string;
  readonly examples: readonly string[];
  readonly flags?: Readonly<Record<string, FlagSpec>>;
  /** Adds `--output text|json` (commands that list or show things). */
  readonly output?: boolean;
  /**
   * Hand the tokens after the path to the command unparsed (`ctx.argv`); only `--help` as the
   * first token is handled by the framework. For commands that pass arguments to a child.
   */
  readonly rawArgs?: boolean;
  /** Lazily loads the implementation (one file per command under src/commands/). */
  readonly load: () => Promise<CommandModule>;
}
