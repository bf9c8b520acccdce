// The `files` of an opened environment as real files for `strata run` (language-spec §11.2): one
// private directory per run (`run-<pid>-<random>` in Strata's private temp dir, private-temp.ts),
// removed when the run ends, even when the process exits early; what a killed run leaves is
// swept by the next one.

import { chmod, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateTempDir } from '../private-temp.js';

/** One file to write: the variable that receives its path, and its content. */
export interface FileEntry {
  readonly name: string;
  readonly value: string;
}

export interface TemporaryFiles {
  /** The private directory holding the files (undefined when there were none). */
  readonly directory: string | undefined;
  /** Variable name → file path, in the order written. */
  readonly variables: Readonly<Record<string, string>>;
  /** Removes the directory and its files; safe to call more than once. */
  remove(): void;
}

/**
 * Writes each entry (already in sorted-key order) to a 0600 file in a fresh 0700 directory under
 * `<parent>/strata-<uid>` (parent: the OS temp dir). The directory is also removed when the
 * process exits without calling `remove`.
 */
export async function writeTemporaryFiles(
  entries: readonly FileEntry[],
  parent: string = tmpdir(),
): Promise<TemporaryFiles> {
  if (entries.length === 0) return { directory: undefined, variables: {}, remove: () => {} };
  const directory = createPrivateTempDir('run', parent);
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    rmSync(directory, { recursive: true, force: true });
  };
  process.on('exit', remove);
  try {
    // mkdtemp already uses 0700; a umask cannot widen it, but be explicit about the promise.
    await chmod(directory, 0o700);
    const variables: Record<string, string> = {};
    for (const [i, entry] of entries.entries()) {
      const path = join(directory, `${i}-${safeFileName(entry.name)}`);
      await writeFile(path, entry.value, { mode: 0o600, flag: 'wx' });
      variables[entry.name] = path;
    }
    return { directory, variables, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

// Variable names may hold anything; the file name only needs to help a human reading the dir.
function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'file';
}
