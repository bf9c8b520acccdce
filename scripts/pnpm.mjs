// Runs the pinned pnpm, fetching it with npx when this machine has another version or none.
import { spawnSync } from 'node:child_process';

const PINNED = '10.34.9';

function hasPinnedPnpm() {
  const probe = spawnSync('pnpm', ['--version'], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  return probe.status === 0 && probe.stdout.trim() === PINNED;
}

let command;

/** Runs pnpm with `args`; returns the exit status. */
export function pnpm(args, options = {}) {
  command ??= hasPinnedPnpm() ? ['pnpm'] : ['npx', '--yes', `pnpm@${PINNED}`];
  const [bin, ...prefix] = command;
  const result = spawnSync(bin, [...prefix, ...args], {
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    ...options,
  });
  return result.status ?? 1;
}
