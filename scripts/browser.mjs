// The browser the console's tests drive (Debian's chromium through playwright-core): where it is,
// and installing it where it is missing and this machine can (root with apt-get, as in CI).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser's executable, or undefined. `STRATA_CHROMIUM` names another one. */
export function findChromium(env = process.env) {
  const named = env.STRATA_CHROMIUM;
  if (named !== undefined && named !== '') return existsSync(named) ? named : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Installs Debian's chromium when it is missing and this process may (root, apt-get present).
 * Returns the executable, or the reason there is none (one line).
 */
export function ensureChromium() {
  const found = findChromium();
  if (found !== undefined) return { path: found };
  if (process.env.STRATA_CHROMIUM)
    return { reason: `STRATA_CHROMIUM=${process.env.STRATA_CHROMIUM} does not exist` };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt)
    return {
      reason: `no chromium at ${CANDIDATES.join(', ')}, and installing it needs ${apt ? 'root' : 'apt-get'} (apt-get install chromium, or set STRATA_CHROMIUM)`,
    };
  console.log('\n== installing chromium for the console tests (apt-get install chromium)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', 'chromium'], {
          stdio: 'inherit',
          env,
        })
      : update;
  const path = findChromium();
  if (path !== undefined) return { path };
  return { reason: `apt-get install chromium failed (exit ${install.status})` };
}
