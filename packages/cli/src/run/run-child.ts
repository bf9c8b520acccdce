// Runs the command of `strata run` (language-spec §11.2): directly (no shell), with the opened
// environment's variables, its output masked unless interactive, signals passed on, and its exit
// status returned as a process exit code.

import { spawn, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { createSecretMaskStream } from './mask-secrets.js';

/** Exit code a shell uses for a command it cannot find. */
export const EXIT_COMMAND_NOT_FOUND = 127;

/**
 * Signals the parent passes on to the child instead of dying of them: every signal that ends a
 * process and can be caught, so the parent outlives the child and removes its files.
 */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

export interface RunChildOptions {
  /** The executable's path (see findExecutable); `argv0` is what the child sees as its name. */
  readonly file: string;
  readonly argv0?: string;
  readonly args: readonly string[];
  /** The child's whole environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Inherit the terminal and mask nothing. */
  readonly interactive: boolean;
  /** Plaintext secrets to mask in stdout and stderr when not interactive. */
  readonly secrets: readonly string[];
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** The command could not be started at all. */
export class ChildSpawnError extends Error {
  readonly code = 'RUN_SPAWN_FAILED';
  /** The system's error code (`E2BIG`, `EACCES`, ...), when there is one. */
  readonly errno: string | undefined;

  constructor(message: string, options: { cause?: unknown; errno?: string | undefined }) {
    super(message, { cause: options.cause });
    this.errno = options.errno;
  }
}

/**
 * Spawns the command and resolves with its exit code, or 128 + the signal number when a signal
 * ended it, once its output has been fully written.
 */
export function runChild(options: RunChildOptions): Promise<number> {
  const { stdin, stdout, stderr, interactive } = options;
  // The process's own streams can be handed over as they are; anything else (tests) is piped.
  const stdio: StdioOptions = [
    stdin === process.stdin ? 'inherit' : 'pipe',
    interactive && stdout === process.stdout ? 'inherit' : 'pipe',
    interactive && stderr === process.stderr ? 'inherit' : 'pipe',
  ];
  const shown = options.argv0 ?? options.file;
  let child;
  try {
    child = spawn(options.file, [...options.args], {
      argv0: shown,
      env: options.env,
      cwd: options.cwd,
      stdio,
      windowsHide: true,
    });
  } catch (error) {
    // Node's argument errors quote the offending value, which may be a secret: keep the code only.
    const code = (error as NodeJS.ErrnoException).code;
    return Promise.reject(
      new ChildSpawnError(`cannot run ${shown}: ${code ?? 'invalid environment or arguments'}`, {
        errno: code,
      }),
    );
  }

  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  const stopForwarding = (): void => {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  };

  if (child.stdin !== null) {
    // A child that exits without reading its input closes the pipe: that is not our error.
    child.stdin.on('error', () => {});
    stdin.pipe(child.stdin);
  }
  const drained = [
    relay(child.stdout, stdout, interactive, options.secrets),
    relay(child.stderr, stderr, interactive, options.secrets),
  ];

  return new Promise<number>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      if (child.stdin !== null) stdin.unpipe(child.stdin);
      reject(
        new ChildSpawnError(`cannot run ${shown}: ${error.code ?? error.message}`, {
          cause: error,
          errno: error.code,
        }),
      );
    });
    child.once('close', (code, signal) => {
      stopForwarding();
      if (child.stdin !== null) stdin.unpipe(child.stdin);
      void Promise.all(drained).then(() => resolve(exitCode(code, signal)));
    });
  });
}

function exitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal === null ? undefined : constants.signals[signal];
  return number === undefined ? 1 : 128 + number;
}

/** Copies a child stream to `to` (masked unless interactive); resolves once all is written. */
function relay(
  from: Readable | null,
  to: Writable,
  interactive: boolean,
  secrets: readonly string[],
): Promise<void> {
  if (from === null) return Promise.resolve();
  const source = interactive ? from : from.pipe(createSecretMaskStream(secrets));
  return new Promise((resolve) => {
    source.on('end', resolve);
    source.on('error', () => resolve());
    source.pipe(to, { end: false });
  });
}
