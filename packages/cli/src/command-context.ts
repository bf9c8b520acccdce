import type { CliIo } from './cli-io.js';
import type { CommandSpec } from './command-spec.js';
import type { Session } from './session.js';

export type FlagValue = string | boolean | string[] | undefined;

/** What a command receives: its parsed arguments, the IO, and a lazily opened backend. */
export interface CommandContext {
  readonly io: CliIo;
  readonly spec: CommandSpec;
  /** Positional arguments after the command path. */
  readonly positionals: readonly string[];
  /** Index in `positionals` of the first argument after `--`, if `--` was given. */
  readonly terminatorIndex: number | undefined;
  readonly flags: Readonly<Record<string, FlagValue>>;
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
  stringFlag(name: string): string | undefined;
  booleanFlag(name: string): boolean;
}
