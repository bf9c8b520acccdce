import type { CommandSpec, FlagSpecs } from '../command.js';
import { GLOBAL_FLAGS, OUTPUT_FLAG } from '../command.js';

function flagLines(flags: FlagSpecs): string[] {
  const rows = Object.entries(flags).map(([name, f]) => {
    const left = `${f.short === undefined ? '    ' : `-${f.short}, `}--${name}${f.type === 'string' ? ` <${f.placeholder ?? 'value'}>` : ''}`;
    return [left, f.description] as const;
  });
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`);
}

/** `strata <path> --help`; `commands` (the command table) gives its subcommands. */
export function commandHelp(spec: CommandSpec, commands: readonly CommandSpec[]): string {
  const lines = [
    spec.summary,
    '',
    'Usage:',
    `  strata ${spec.path}${spec.usage === '' ? '' : ` ${spec.usage}`} [flags]`,
  ];
  if (spec.aliases !== undefined && spec.aliases.length > 0)
    lines.push('', 'Aliases:', ...spec.aliases.map((a) => `  strata ${a}`));
  const subcommands = commands.filter((c) => c.path.startsWith(spec.path + ' '));
  if (subcommands.length > 0) lines.push('', 'Subcommands:', ...commandRows(subcommands));
  lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  const flags = { ...(spec.flags ?? {}), ...(spec.output === true ? { output: OUTPUT_FLAG } : {}) };
  if (Object.keys(flags).length > 0) lines.push('', 'Flags:', ...flagLines(flags));
  lines.push('', 'Global flags:', ...flagLines(GLOBAL_FLAGS));
  return lines.join('\n') + '\n';
}

function commandRows(specs: readonly CommandSpec[]): string[] {
  const width = Math.max(0, ...specs.map((s) => s.path.length));
  return specs.map((s) => `  ${s.path.padEnd(width)}  ${s.summary}`);
}

/** `strata --help` or `strata env` (a group of commands), listing `commands` under `prefix`. */
export function groupHelp(prefix: string, commands: readonly CommandSpec[]): string {
  const specs = commands.filter(
    (c) => prefix === '' || c.path === prefix || c.path.startsWith(prefix + ' '),
  );
  const head =
    prefix === ''
      ? [
          'strata: environments, secrets and configuration in the language of Pulumi ESC,',
          'stored in a SQLite file (the default) or an S3 bucket.',
        ]
      : [`strata ${prefix}: commands`];
  return (
    [
      ...head,
      '',
      'Usage:',
      `  strata ${prefix === '' ? '' : prefix + ' '}<command> [flags]`,
      '',
      'Commands:',
      ...commandRows(specs),
      '',
      'Examples:',
      '  strata env init myproj/dev',
      '  strata env set myproj/dev app.port 8080',
      '  strata env open myproj/dev -f dotenv',
      '  strata run myproj/dev -- node server.js',
      '',
      `Run "strata <command> --help" for a command's flags. Set STRATA_DEBUG=1 for stack traces.`,
    ].join('\n') + '\n'
  );
}
