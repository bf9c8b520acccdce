// What a command is made of. Each command declares itself next to its code
// (`src/commands/<name>.command.ts`: path, help text, typed flags, whether its first argument is an
// environment ref); its code (`src/commands/<name>.ts`) exports `execute`, typed by that
// declaration; the command table pairs the two without loading the code.
import type { CliIo } from './cli-io.js';
import type { Session } from './session.js';

/** A flag that takes a value (`--format json`, `-f json`, `--format=json`, `-f=json`). */
export interface StringFlagSpec {
  readonly type: 'string';
  readonly short?: string;
  readonly description: string;
  /** The placeholder shown in help (`--value <format>`). */
  readonly placeholder?: string;
  /** Allowed values; anything else is a usage error. */
  readonly choices?: readonly string[];
}

/** A flag that is given or not (`--secret`). */
export interface BooleanFlagSpec {
  readonly type: 'boolean';
  readonly short?: string;
  readonly description: string;
}

/** One flag of a command, as node:util parseArgs takes it plus what --help prints. */
export type FlagSpec = StringFlagSpec | BooleanFlagSpec;

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Flags every command takes. */
export const GLOBAL_FLAGS = {
  org: {
    type: 'string',
    description: 'the organization of refs that name none (default: $STRATA_ORG, else default)',
    placeholder: 'name',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies FlagSpecs;

/** `--output`, on the commands that declare `output: true`. */
export const OUTPUT_FLAG = {
  type: 'string',
  short: 'o',
  description: 'output format',
  placeholder: 'text|json',
  choices: ['text', 'json'],
} as const satisfies FlagSpec;

/**
 * A command's declaration: everything known without loading its code (help, parsing, the
 * completion script and the compile cache's key read it).
 */
export interface CommandSpec {
  /** Words after `strata`: `env get`, `env version tag ls`. */
  readonly path: string;
  /** Other full paths that name this command (`open` for `env open`). */
  readonly aliases?: readonly string[];
  readonly summary: string;
  /** Arguments after the path, for help only: `<ref>[@version] [path]`. */
  readonly usage: string;
  readonly examples: readonly string[];
  /**
   * The first positional argument is an environment ref: a two-part `a/b` is read as esc reads it
   * (project `a`, or the legacy org `a`: the store decides, with a warning) before the command runs.
   */
  readonly firstArgIsRef?: boolean;
  readonly flags?: FlagSpecs;
  /** Adds `--output text|json` (commands that list or show things). */
  readonly output?: boolean;
  /**
   * Hand the tokens after the path to the command unparsed (`ctx.argv`); only `--help` as the
   * first token is handled by the framework. For commands that pass arguments to a child.
   */
  readonly rawArgs?: boolean;
}

/** The value of a flag in `ctx.flags`: a boolean flag is true or false; a string flag its text. */
export type FlagValue<F extends FlagSpec> = F extends BooleanFlagSpec
  ? boolean
  : F extends { readonly choices: readonly (infer C extends string)[] }
    ? C | undefined
    : string | undefined;

export type FlagValues<F extends FlagSpecs> = { readonly [K in keyof F]: FlagValue<F[K]> };

/** The flags a command declared, plus `--org`. */
export type CommandFlags<S extends CommandSpec> = FlagValues<
  S extends { readonly flags: infer F extends FlagSpecs } ? F : Record<never, FlagSpec>
> &
  FlagValues<Pick<typeof GLOBAL_FLAGS, 'org'>>;

/** What a command receives: its parsed arguments, the IO, and a lazily opened backend. */
export interface CommandContext<S extends CommandSpec = CommandSpec> {
  readonly io: CliIo;
  /** The command's declaration. */
  readonly spec: S;
  /** Every command (the command table), for the commands that list them. */
  readonly commands: readonly Command[];
  /** Positional arguments after the command path. */
  readonly positionals: readonly string[];
  /** Index in `positionals` of the first argument after `--`, if `--` was given. */
  readonly terminatorIndex: number | undefined;
  /** The flags the command declared (and `org`), typed by its declaration. */
  readonly flags: CommandFlags<S>;
  /** The raw tokens after the command path (what a `rawArgs` command parses itself). */
  readonly argv: readonly string[];
  /** `text` unless `--output json`. */
  readonly output: 'text' | 'json';
  /** ANSI colour allowed on stderr / stdout. */
  readonly color: { readonly stdout: boolean; readonly stderr: boolean };
  /**
   * Opens the backend on first call (later calls return the same session; closed on exit).
   * `org` overrides --org / STRATA_ORG, for `rawArgs` commands that parse --org themselves.
   */
  session(options?: { org?: string }): Promise<Session>;
  out(text: string): void;
  err(text: string): void;
  /** Writes a value as indented JSON plus a newline. */
  json(value: unknown): void;
  /** The command's `--help` text. */
  help(): string;
}

/** What a command's code exports. */
export interface CommandModule<S extends CommandSpec = CommandSpec> {
  readonly execute: (ctx: CommandContext<S>) => Promise<number>;
}

/** A row of the command table: a declaration and the loader of its code. */
export interface Command extends CommandSpec {
  /** Imports the command's code (its own chunk in the bundle) when it runs. */
  readonly load: () => Promise<CommandModule>;
}

/** Declares a command (in `src/commands/<name>.command.ts`); literal types keep its flags typed. */
export function defineCommand<const S extends CommandSpec>(spec: S): S {
  return spec;
}

/**
 * Pairs a declaration with the loader of its code. The code's `execute` must take the context of
 * this very declaration (its path and flags are literal types), so a wrong pairing does not compile.
 */
export function lazyCommand<const S extends CommandSpec>(
  spec: S,
  load: () => Promise<CommandModule<S>>,
): Command {
  // The framework builds each context from the declaration it runs, so widening is safe.
  return { ...spec, load: load as () => Promise<CommandModule> };
}
