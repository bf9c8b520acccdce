// Strata's temporary files (the `files:` of `strata run`, the file `env edit` opens in an editor)
// live in one private directory per user, `$TMPDIR/strata-<uid>` (0700, never removed, so nobody
// else can put a directory of theirs in its place), in a directory per process named
// `<kind>-<pid>-<random>`. A process that dies of a signal it cannot catch leaves its directory
// behind; the next `strata run` or `env edit` removes every directory whose process is gone.

import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli-error.js';

export type TempKind = 'run' | 'edit';

const ENTRY = /^(?:run|edit)-([0-9]+)-/;

/** `$TMPDIR/strata-<uid>` (or `-<user name>` where there are no uids). */
export function privateTempRootPath(parent: string = tmpdir()): string {
  const uid = process.getuid?.() ?? -1;
  const id = uid >= 0 ? String(uid) : safeName(userInfo().username);
  return join(parent, `strata-${id}`);
}

/** The private root, created if needed; refused when it is not a directory of this user's. */
export function privateTempRoot(parent: string = tmpdir()): string {
  const root = privateTempRootPath(parent);
  try {
    mkdirSync(root, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!isOurs(root))
    throw new CliError(
      `${root} is not a private directory of yours; nothing was written`,
      'remove it, or set TMPDIR to a directory only you can write to',
    );
  return root;
}

/** A fresh 0700 directory `<kind>-<pid>-<random>` under the private root. */
export function createPrivateTempDir(kind: TempKind, parent: string = tmpdir()): string {
  return mkdtempSync(join(privateTempRoot(parent), `${kind}-${process.pid}-`));
}

/**
 * Removes the directories left by Strata processes of this user that no longer run. Quiet: a
 * root that is missing, not ours, or unreadable is left alone.
 */
export function sweepStaleTempDirs(parent: string = tmpdir()): void {
  const root = privateTempRootPath(parent);
  if (!isOurs(root, false)) return;
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(ENTRY.exec(entry)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    try {
      rmSync(join(root, entry), { recursive: true, force: true });
    } catch {
      // Another process is sweeping too, or the entry is not ours to remove.
    }
  }
}

/** A real directory (not a link) owned by this user; its mode narrowed to 0700 if `fix`. */
function isOurs(path: string, fix = true): boolean {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return false;
  }
  if (!stats.isDirectory()) return false;
  if (process.platform === 'win32') return true;
  if (process.getuid !== undefined && stats.uid !== process.getuid()) return false;
  if ((stats.mode & 0o077) !== 0) {
    if (!fix) return false;
    chmodSync(path, 0o700);
  }
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || 'user';
}
