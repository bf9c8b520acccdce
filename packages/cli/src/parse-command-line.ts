import { parseArgs } from 'node:util';
import { usageError } from './cli-error.js';
import type { CommandSpec, FlagSpec, FlagSpecs } from './command.js';
import { GLOBAL_FLAGS, OUTPUT_FLAG } from './command.js';

/** A flag's value as parseArgs gives it. */
export type ParsedFlagValue = string | boolean | undefined;

/**
 * Finds the command of `commands` named by the leading words of argv (the longest path or alias
 * that fits), else the longest group prefix (`env`, `env version`) and what follows it.
 */
export function findCommand<C extends CommandSpec>(
  commands: readonly C[],
  argv: readonly string[],
): { spec: C; rest: string[] } | { prefix: string; rest: string[] } {
  let best: { spec: C; length: number } | undefined;
  let prefixWords = 0;
  for (const spec of commands) {
    for (const path of [spec.path, ...(spec.aliases ?? [])]) {
      const words = path.split(' ');
      if (
        words.every((w, i) => argv[i] === w) &&
        (best === undefined || words.length > best.length)
      )
        best = { spec, length: words.length };
    }
  }
  // The longest run of words that is a group prefix (`env`, `env version`), for group help.
  for (let n = 1; n <= argv.length; n++) {
    const prefix = argv.slice(0, n).join(' ');
    if (commands.some((c) => c.path.startsWith(prefix + ' '))) prefixWords = n;
    else break;
  }
  // `env version tag ls` beats `env version`; `env version myenv@1` stays `env version`.
  if (best !== undefined) return { spec: best.spec, rest: argv.slice(best.length) };
  return { prefix: argv.slice(0, prefixWords).join(' '), rest: argv.slice(prefixWords) };
}

export interface ParsedFlags {
  readonly positionals: string[];
  readonly flags: Record<string, ParsedFlagValue>;
  readonly terminatorIndex: number | undefined;
}

/** Parses the tokens after the command path with node:util parseArgs (strict). */
export function parseCommandFlags(spec: CommandSpec, tokens: readonly string[]): ParsedFlags {
  const specs: Record<string, FlagSpec> = {
    ...GLOBAL_FLAGS,
    ...(spec.output === true ? { output: OUTPUT_FLAG } : {}),
    ...(spec.flags ?? {}),
  };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, f] of Object.entries(specs)) {
    options[name] = { type: f.type, ...(f.short === undefined ? {} : { short: f.short }) };
  }
  // `-f=file`, as esc (pflag) accepts it: parseArgs would read the value as `=file`.
  const shortStrings = new Set(
    Object.values(specs).flatMap((f) => (f.type === 'string' && f.short ? [f.short] : [])),
  );
  const end = tokens.indexOf('--');
  const args = tokens.flatMap((token, i) => {
    const inline = /^-([a-zA-Z])=(.*)$/s.exec(token);
    return inline && shortStrings.has(inline[1] ?? '') && (end < 0 || i < end)
      ? [`-${inline[1]}`, inline[2] ?? '']
      : [token];
  });
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw usageError(message.replace(/\.$/, ''), `see \`strata ${spec.path} --help\``);
  }
  let terminatorIndex: number | undefined;
  let seen = 0;
  for (const token of parsed.tokens) {
    if (token.kind === 'option-terminator') terminatorIndex = seen;
    else if (token.kind === 'positional') seen++;
  }
  const flags = parsed.values as Record<string, ParsedFlagValue>;
  for (const [name, f] of Object.entries(specs)) {
    const value = flags[name];
    if (
      f.type === 'string' &&
      f.choices !== undefined &&
      typeof value === 'string' &&
      !f.choices.includes(value)
    ) {
      throw usageError(
        `invalid value ${JSON.stringify(value)} for --${name}: use ${f.choices.join(', ')}`,
        `see \`strata ${spec.path} --help\``,
      );
    }
  }
  return { positionals: parsed.positionals, flags, terminatorIndex };
}

/**
 * The flags a command reads (`ctx.flags`): each flag it declared, and `--org`, as its declaration
 * types it: a boolean flag true or false, a string flag its text or undefined.
 */
export function flagValues(
  spec: CommandSpec,
  parsed: Readonly<Record<string, ParsedFlagValue>>,
): Record<string, string | boolean | undefined> {
  const values: Record<string, string | boolean | undefined> = {};
  const specs: FlagSpecs = { org: GLOBAL_FLAGS.org, ...(spec.flags ?? {}) };
  for (const [name, f] of Object.entries(specs)) {
    const value = parsed[name];
    values[name] =
      f.type === 'boolean' ? value === true : typeof value === 'string' ? value : undefined;
  }
  return values;
}
