// `strata env run` / `strata run`: open an environment, hand its variables and files to a
// command, mask secrets in its output and exit with its code (language-spec §11.2).

import { constants } from 'node:os';
import {
  environmentVariables,
  formatEnvironmentRef,
  parseEnvironmentRef,
  renderDiagnostics,
  temporaryFiles,
} from '@strata/core';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command.js';
import type { run } from './run.command.js';
import { EXIT } from '../exit-codes.js';
import { resolveTwoPartRef } from '../resolve-two-part-ref.js';
import { renderError } from '../render/error.js';
import { findExecutable } from '../run/_find-executable.js';
import { interpolateArgs } from '../run/interpolate-args.js';
import { parseRunArgs } from '../run/parse-run-args.js';
import { childEnvironment, refuseNulBytes, tooBigError } from '../run/child-environment.js';
import {
  ChildSpawnError,
  EXIT_COMMAND_NOT_FOUND,
  FORWARDED_SIGNALS,
  runChild,
} from '../run/run-child.js';
import { writeTemporaryFiles } from '../run/temp-files.js';
import { sweepStaleTempDirs } from '../private-temp.js';

export async function execute(ctx: CommandContext<typeof run>): Promise<number> {
  const { io } = ctx;
  // As with esc, a help flag anywhere before `--` asks for help rather than running anything.
  const beforeDash = ctx.argv.includes('--') ? ctx.argv.slice(0, ctx.argv.indexOf('--')) : ctx.argv;
  if (beforeDash.some((t) => t === '--help' || t === '-h')) {
    ctx.out(ctx.help());
    return EXIT.OK;
  }
  const parsed = parseRunArgs(ctx.argv);

  // Resolve the command before opening, as esc does: no open (and no audit event) for a typo.
  const file = findExecutable(parsed.command, io.env, io.cwd);
  if (file === undefined) {
    const error = new CliError(
      `command not found: ${parsed.command}`,
      'check the name, or give its path; it runs without a shell, so it must be a program on PATH',
    );
    io.stderr.write(renderError(error, false, ctx.color.stderr).text);
    return EXIT_COMMAND_NOT_FOUND;
  }

  const session = await ctx.session();
  const org = parsed.org ?? session.org;
  const resolved = await resolveTwoPartRef(session.service, parsed.ref, org, (line) =>
    io.stderr.write(line),
  );
  const ref =
    parsed.org === undefined
      ? resolved
      : formatEnvironmentRef(parseEnvironmentRef(resolved, { org: parsed.org }));
  const opened = await session.service.open(ref, { actor: session.actor });
  const value = opened.value;

  if (opened.diagnostics.length > 0)
    io.stderr.write(
      renderDiagnostics(
        opened.diagnostics,
        { [opened.name]: opened.definition },
        { color: ctx.color.stderr },
      ),
    );
  if (opened.diagnostics.some((d) => d.severity === 'error')) return EXIT.INVALID;

  const variables = environmentVariables(value, { redact: false });
  const fileEntries = temporaryFiles(value, { redact: false });
  const interpolated = interpolateArgs(parsed.args, value);
  // Before anything is written or spawned: spawn's own error would quote the value.
  refuseNulBytes(variables, interpolated.args);
  const secrets = [
    ...variables.filter((v) => v.secret).map((v) => v.value),
    ...fileEntries.filter((f) => f.secret).map((f) => f.value),
    ...interpolated.secrets,
  ];

  // The session is not needed while the child runs; closing it releases the SQLite file.
  await session.close();
  // Files an earlier run could not remove (it was killed with SIGKILL) go before new ones come.
  sweepStaleTempDirs();

  // A signal while the files are being written must not kill the process before it removes
  // them: note it, clean up, and report it as the child's death would be. From the spawn on,
  // runChild forwards signals instead (no event-loop turn passes between the two).
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal);
  let files;
  try {
    files = await writeTemporaryFiles(fileEntries);
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, onSignal);
  }
  try {
    if (interrupted !== undefined) return 128 + (constants.signals[interrupted] ?? 0);
    const env = childEnvironment(io.env, variables, files.variables);
    try {
      return await runChild({
        file,
        argv0: parsed.command,
        args: interpolated.args,
        env,
        cwd: io.cwd,
        interactive: parsed.interactive,
        secrets,
        stdin: io.stdin,
        stdout: io.stdout,
        stderr: io.stderr,
      });
    } catch (error) {
      if (!(error instanceof ChildSpawnError)) throw error;
      if (error.errno === 'E2BIG') throw tooBigError(parsed.command, env, interpolated.args);
      throw new CliError(
        `${error.message}; nothing was run`,
        error.errno === 'EACCES'
          ? 'check that the file is executable and that you may run it'
          : 'check the command, and that the system can start another process',
        EXIT.ERROR,
        { cause: error },
      );
    }
  } finally {
    files.remove();
  }
}
