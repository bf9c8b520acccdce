import type { Readable, Writable } from 'node:stream';

/** Everything a command touches outside the process: streams, environment variables, cwd. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Colour only on a TTY and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIo, stream: 'stdout' | 'stderr' = 'stderr'): boolean {
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return io[stream].isTTY === true;
}
