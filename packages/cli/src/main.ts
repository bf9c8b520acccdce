import type { CliIo } from './cli-io.js';
import { useColor } from './cli-io.js';
import { refuseInvalidUtf8 } from './argv-utf8.js';
import { CliError } from './cli-error.js';
import type { CommandContext, CommandSpec } from './command.js';
import { COMMANDS } from './command-table.js';
import { EXIT } from './exit-codes.js';
import { commandHelp, groupHelp } from './render/help.js';
import { findCommand, flagValues, parseCommandFlags } from './parse-command-line.js';
import { renderError } from './render/error.js';
import { isTwoPartRef, resolveTwoPartRef } from './resolve-two-part-ref.js';
import type { Session } from './session.js';

export type { CliIo } from './cli-io.js';

/** `--no-credential-cache`, accepted by every command before `--`: each open calls STS anew. */
const NO_CREDENTIAL_CACHE = '--no-credential-cache';

function takeGlobalFlags(argv: readonly string[], io: CliIo): [readonly string[], CliIo] {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  if (!head.includes(NO_CREDENTIAL_CACHE)) return [argv, io];
  const rest = end < 0 ? [] : argv.slice(end);
  const env = { ...io.env, STRATA_NO_CREDENTIAL_CACHE: '1' };
  // Getters, not a spread: the streams stay unbuilt until a command uses them.
  const withEnv: CliIo = {
    get stdin() {
      return io.stdin;
    },
    get stdout() {
      return io.stdout;
    },
    get stderr() {
      return io.stderr;
    },
    env,
    cwd: io.cwd,
  };
  return [[...head.filter((a) => a !== NO_CREDENTIAL_CACHE), ...rest], withEnv];
}

/** Runs the strata command line in-process and returns the exit code. */
export async function run(rawArgv: readonly string[], rawIo: CliIo): Promise<number> {
  const [argv, io] = takeGlobalFlags(rawArgv, rawIo);
  const color = {
    get stdout() {
      return useColor(io, 'stdout');
    },
    get stderr() {
      return useColor(io, 'stderr');
    },
  };
  const debug = io.env['STRATA_DEBUG'] === '1';
  let session: Promise<Session> | undefined;
  try {
    const first = argv[0];
    if (first === '--version' || first === '-v' || first === 'version') {
      io.stdout.write(`strata ${await readVersion()}\n`);
      return EXIT.OK;
    }
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const rest = first === 'help' ? argv.slice(1) : [];
      const found = rest.length > 0 ? findCommand(COMMANDS, rest) : undefined;
      io.stdout.write(
        found === undefined
          ? groupHelp('', COMMANDS)
          : 'spec' in found
            ? commandHelp(found.spec, COMMANDS)
            : groupHelp(found.prefix, COMMANDS),
      );
      return EXIT.OK;
    }
    const found = findCommand(COMMANDS, argv);
    if (!('spec' in found)) {
      const wantsHelp =
        found.rest.length === 0 || found.rest[0] === '--help' || found.rest[0] === '-h';
      if (found.prefix !== '' && wantsHelp) {
        io.stdout.write(groupHelp(found.prefix, COMMANDS));
        return EXIT.OK;
      }
      const word = found.rest[0] ?? '';
      throw new CliError(
        `unknown command ${JSON.stringify([found.prefix, word].filter((w) => w !== '').join(' '))}`,
        `run \`strata ${found.prefix === '' ? '' : found.prefix + ' '}--help\` for the list of commands`,
        EXIT.USAGE,
      );
    }
    const { spec, rest } = found;
    // Bytes that are not UTF-8 reach us as U+FFFD: refused, never stored. (`run` hands its
    // arguments to the command and is left alone.)
    if (spec.rawArgs !== true) refuseInvalidUtf8(rawArgv);
    const help = (): string => commandHelp(spec, COMMANDS);
    // `strata env version` alone: the command's help, which lists its subcommands (a command
    // whose arguments are all optional, as `strata audit`, runs instead).
    if (
      rest.length === 0 &&
      spec.usage.startsWith('<') &&
      COMMANDS.some((c) => c.path.startsWith(spec.path + ' '))
    ) {
      io.stdout.write(help());
      return EXIT.OK;
    }
    const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    const isHelp = (t: string): boolean => t === '--help' || t === '-h';
    if (
      spec.rawArgs === true
        ? rest[0] !== undefined && isHelp(rest[0])
        : beforeTerminator.some(isHelp)
    ) {
      io.stdout.write(help());
      return EXIT.OK;
    }
    const parsed =
      spec.rawArgs === true
        ? { positionals: [...rest], flags: {}, terminatorIndex: undefined }
        : parseCommandFlags(spec, rest);
    // Absent: the session's default (`default` locally, the server's organization when logged in).
    const org =
      (typeof parsed.flags['org'] === 'string' ? parsed.flags['org'] : undefined) ??
      nonEmpty(io.env['STRATA_ORG']);
    const output = parsed.flags['output'] === 'json' ? 'json' : 'text';
    const openSessionOnce = async (options?: { org?: string }): Promise<Session> => {
      if (session === undefined) {
        const { openSession } = await import('./session.js');
        const size = parsed.flags['max-definition-size'];
        session = openSession(io, options?.org ?? org, {
          maxDefinitionSize: typeof size === 'string' ? size : undefined,
        });
      }
      return session;
    };
    const positionals = await readFirstRef(spec, parsed.positionals, openSessionOnce, io);
    const ctx: CommandContext = {
      io,
      spec,
      commands: COMMANDS,
      positionals,
      terminatorIndex: parsed.terminatorIndex,
      flags: flagValues(spec, parsed.flags) as CommandContext['flags'],
      argv: rest,
      output,
      color,
      session: openSessionOnce,
      out: (text) => io.stdout.write(text),
      err: (text) => io.stderr.write(text),
      json: (value) => io.stdout.write(JSON.stringify(value, null, 2) + '\n'),
      help,
    };
    const command = await spec.load();
    return await command.execute(ctx);
  } catch (error) {
    const { text, exitCode } = renderError(error, debug, color.stderr);
    io.stderr.write(text);
    return exitCode;
  } finally {
    if (session !== undefined) {
      try {
        await (await session).close();
      } catch {
        // Opening failed (already reported) or closing failed after the work was done.
      }
    }
  }
}

/** The leading ref of a command that declares one, with a two-part ref read as esc reads it. */
async function readFirstRef(
  spec: CommandSpec,
  positionals: readonly string[],
  openSession: () => Promise<Session>,
  io: CliIo,
): Promise<readonly string[]> {
  const [first, ...rest] = positionals;
  if (spec.firstArgIsRef !== true || first === undefined || !isTwoPartRef(first)) {
    return positionals;
  }
  const { service, org } = await openSession();
  const resolved = await resolveTwoPartRef(service, first, org, (line) => io.stderr.write(line));
  return [resolved, ...rest];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  // dist/main.js and dist/bundle/strata.cjs sit at different depths below the package root.
  for (const relative of ['../package.json', '../../package.json']) {
    const text = await readFile(new URL(relative, import.meta.url), 'utf8').catch(() => undefined);
    const pkg =
      text === undefined ? undefined : (JSON.parse(text) as { name?: string; version?: string });
    if (pkg?.name === '@strata/cli' && pkg.version !== undefined) return pkg.version;
  }
  return 'unknown';
}

/** The process entry point used by bin/strata.js. */
export function main(): void {
  // The standard streams are built on first use: each costs a millisecond or more of start-up,
  // and many commands never read stdin or write to stderr.
  let stdout: NodeJS.WriteStream | undefined;
  const io: CliIo = {
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      if (stdout === undefined) {
        stdout = process.stdout;
        // `strata env ls | head -1`: a closed pipe ends the command quietly, as other tools do.
        stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
          throw error;
        });
      }
      return stdout;
    },
    get stderr() {
      return process.stderr;
    },
    env: process.env,
    cwd: process.cwd(),
  };
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
