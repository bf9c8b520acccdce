import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The directory Strata keeps local state in: `$XDG_DATA_HOME/strata`, else
 * `~/.local/share/strata`. Holds the default SQLite database and master key file.
 */
export function resolveDataDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const xdg = env['XDG_DATA_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'strata');
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return join(home, '.local', 'share', 'strata');
}
