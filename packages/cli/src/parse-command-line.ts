import { parseArgs } from 'node:util';
import { usageError } from './cli-error.js';
import type { FlagValue } from './command-context.js';
import type { CommandSpec, FlagSpec } from './command-spec.js';
import { COMMANDS } from './command-table.js';
import { GLOBAL_FLAGS, OUTPUT_FLAG } from './render/help.js';

/** Finds the command named by the leading words of argv (the longest path or alias that fits). */
export function findCommand(
  argv: readonly string[],
): { spec: CommandSpec; rest: string[] } | { prefix: string; rest: string[] } {
  let best: { spec: CommandSpec; length: number } | undefined;
  let prefixWords = 0;
  for (const spec of COMMANDS) {
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
    if (COMMANDS.some((c) => c.path.startsWith(prefix + ' '))) prefixWords = n;
    else break;
  }
  // `env version tag ls` beats `env version`; `env version myenv@1` stays `env version`.
  if (best !== undefined) return { spec: best.spec, rest: argv.slice(best.length) };
  return { prefix: argv.slice(0, prefixWords).join(' '), rest: argv.slice(prefixWords) };
}

export interface ParsedFlags {
  readonly positionals: string[];
  readonly flags: Record<string, FlagValue>;
  readonly terminatorIndex: number | undefined;
}

/** Parses the tokens after the command path with node:util parseArgs (strict). */
export function parseCommandFlags(spec: CommandSpec, tokens: readonly string[]): ParsedFlags {
  const specs: Record<string, FlagSpec> = {
    ...GLOBAL_FLAGS,
    ...(spec.output === true ? { output: OUTPUT_FLAG } : {}),
    ...(spec.flags ?? {}),
  };
  const options: Record<
    string,
    { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
  > = {};
  for (const [name, f] of Object.entries(specs)) {
    options[name] = {
      type: f.type,
      ...(f.short === undefined ? {} : { short: f.short }),
      ...(f.multiple === true ? { multiple: true } : {}),
    };
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
  const flags = parsed.values as Record<string, FlagValue>;
  for (const [name, f] of Object.entries(specs)) {
    const value = flags[name];
    if (f.choices !== undefined && typeof value === 'string' && !f.choices.includes(value)) {
      throw usageError(
        `invalid value ${JSON.stringify(value)} for --${name}: use ${f.choices.join(', ')}`,
        `see \`strata ${spec.path} --help\``,
      );
    }
  }
  return { positionals: parsed.positionals, flags, terminatorIndex };
}
