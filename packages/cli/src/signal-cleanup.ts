// Cleaning up before a signal ends the process: the temporary file `env edit` writes (plaintext
// secrets with --show-secrets) must not outlive an interrupted command.

import { constants } from 'node:os';

/** Every signal that ends a process by default and can be caught. */
export const CAUGHT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
export type CaughtSignal = (typeof CAUGHT_SIGNALS)[number];

/**
 * Until the returned function is called, any of CAUGHT_SIGNALS runs `cleanup` (synchronously) and
 * then ends the process as that signal would have: the signal is raised again with its default
 * action, so the parent sees it. SIGQUIT exits with 131 instead of dumping core: a core file would
 * hold whatever secrets the process had in memory.
 */
export function cleanupOnSignal(cleanup: (signal: CaughtSignal) => void): () => void {
  const handler = (signal: CaughtSignal): void => {
    dispose();
    try {
      cleanup(signal);
    } finally {
      const code = 128 + (constants.signals[signal] ?? 0);
      if (signal === 'SIGQUIT') process.exit(code);
      process.kill(process.pid, signal);
      // Should the signal not end the process (another listener), end it as the signal would.
      setTimeout(() => process.exit(code), 1000);
    }
  };
  const dispose = (): void => {
    for (const signal of CAUGHT_SIGNALS) process.off(signal, handler);
  };
  for (const signal of CAUGHT_SIGNALS) process.on(signal, handler);
  return dispose;
}
