// The user's editor: which one to run, running it on a file, and asking whether to go on.
import { spawn, type ChildProcess } from 'node:child_process';
import { withoutStrataCredentials } from '@strata/core';
import { CliError, usageError } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { findExecutable } from '../run/_find-executable.js';

// Editors that return at once unless told to wait for the file to be closed.
const WAIT_FLAGS: Readonly<Record<string, string>> = {
  code: '-w',
  'code-insiders': '-w',
  codium: '-w',
  subl: '-w',
  mate: '-w',
  zed: '--wait',
};

/** --editor, else $VISUAL, else $EDITOR, else vi; refused when its program is not on PATH. */
export function chooseEditor(io: CliIo, editorFlag: string | undefined): string {
  const chosen = editorFlag ?? nonEmpty(io.env['VISUAL']) ?? nonEmpty(io.env['EDITOR']);
  const editor = chosen ?? 'vi';
  const program = /^\S+/.exec(editor.trim())?.[0] ?? '';
  // A quoted or shell-expanded program name is left to the shell to find.
  if (!/["'$`\\]/.test(program) && findExecutable(program, io.env, io.cwd) === undefined) {
    throw chosen === undefined
      ? usageError(
          'no available editor: set $VISUAL or $EDITOR, or pass --editor',
          'or replace the definition with `strata env edit <ref> -f file`',
        )
      : usageError(
          `editor ${JSON.stringify(program)} not found on PATH`,
          'check --editor, $VISUAL and $EDITOR',
        );
  }
  const wait = WAIT_FLAGS[editor.trim()];
  return wait === undefined ? editor : `${editor.trim()} ${wait}`;
}

/**
 * Runs the editor through the shell, so `EDITOR="code --wait"` works, on the real terminal, without
 * Strata's credentials in its environment. `started` receives the child (to pass signals on).
 */
export function runEditor(
  editor: string,
  path: string,
  io: CliIo,
  started?: (child: ChildProcess) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // A plain command replaces the shell (`exec`), so the signals passed to the child reach the
    // editor itself rather than a shell that would leave it running.
    const plain = /^[^\s=;&|()<>`$"'\\]+(\s|$)/.test(editor.trim()) && !/[;&|()<>`\n]/.test(editor);
    const child = spawn(`${plain ? 'exec ' : ''}${editor} "$STRATA_EDIT_FILE"`, {
      shell: true,
      stdio: 'inherit',
      cwd: io.cwd,
      env: { ...withoutStrataCredentials(io.env), STRATA_EDIT_FILE: path },
    });
    started?.(child);
    child.on('error', (error) =>
      reject(
        new CliError(`cannot start editor ${editor}`, 'check $VISUAL / $EDITOR', EXIT.ERROR, {
          cause: error,
        }),
      ),
    );
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new CliError(
            `editor ${editor} exited with code ${code ?? 'signal'}; nothing was stored`,
            undefined,
            EXIT.ERROR,
          ),
        );
    });
  });
}

/** Waits for a line on stdin: true for a line, false at the end of input. */
export async function readLine(io: CliIo): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const _line of lines) return true;
    return false;
  } finally {
    lines.close();
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
