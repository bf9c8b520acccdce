// PATH lookup done up front (as esc's `exec.LookPath`), so a missing command is reported before
// the environment is opened, and the child runs the file the parent's PATH named.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The absolute path of `command`, or undefined when no executable file by that name exists. */
export function findExecutable(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string | undefined {
  if (command === '') return undefined;
  if (command.includes('/') || (process.platform === 'win32' && command.includes('\\'))) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutable(path) ? path : undefined;
  }
  const extensions =
    process.platform === 'win32' ? ['', ...(env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory, as in execvp.
    const base = dir === '' ? cwd : resolve(cwd, dir);
    for (const extension of extensions) {
      const path = join(base, command + extension);
      if (isExecutable(path)) return path;
    }
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
