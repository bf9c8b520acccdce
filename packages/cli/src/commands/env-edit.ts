import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatEnvironmentKey, renderDiagnostics } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envEdit } from './env-edit.command.js';
import { maxArgs, readInput, refWithoutVersion, requireArg } from '../command-helpers.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { hasErrors, printDiagnostics, refusedDefinition } from '../render/diagnostics.js';
import { chooseEditor, readLine, runEditor } from '../definition/editor.js';
import { decodeUtf8, definitionLimit, inputTooLarge, readFileBounded } from '../input-limit.js';
import { createPrivateTempDir, sweepStaleTempDirs } from '../private-temp.js';
import { cleanupOnSignal } from '../signal-cleanup.js';

// Lines the editor shows above the definition; they are removed before saving.
const MARK = '# strata: ';

export async function execute(ctx: CommandContext<typeof envEdit>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'edit');
  maxArgs(ctx, 1);
  const file = ctx.flags.file;
  const limit = definitionLimit(ctx);
  // The editor is found before the environment is read, as esc does.
  const source: { file: string } | { editor: string } =
    file !== undefined ? { file } : { editor: chooseEditor(ctx.io, ctx.flags.editor) };
  const session = await ctx.session();
  const { service } = session;
  const resolved = await service.resolve(ref);
  const current = await service.readDefinition(resolved, {
    showSecrets: ctx.flags['show-secrets'],
  });

  const name = formatEnvironmentKey(resolved.env);
  let definition: string;
  // Warnings were shown while editing; a definition from a file shows them once stored.
  let showWarnings = false;
  if ('file' in source) {
    definition = await readInput(ctx, source.file);
    showWarnings = true;
  } else {
    sweepStaleTempDirs();
    // The file may hold plaintext secrets (--show-secrets): it goes when the command ends, also
    // when a signal ends it (the editor gets the signal too); the next edit or run removes what
    // an uncatchable signal left.
    const dir = createPrivateTempDir('edit');
    let editor: ChildProcess | undefined;
    const stopCleanup = cleanupOnSignal((signal) => {
      if (editor !== undefined && editor.exitCode === null && editor.signalCode === null)
        editor.kill(signal);
      rmSync(dir, { recursive: true, force: true });
    });
    const path = join(dir, `${resolved.env.name}.yaml`);
    try {
      let header = '';
      let text = current.definition;
      for (;;) {
        await writeFile(path, header + text, { mode: 0o600 });
        await runEditor(source.editor, path, ctx.io, (child) => (editor = child));
        editor = undefined;
        const edited = firstDocument(stripHeader(readEdited(path, limit)));
        if (edited.trim() === '' || edited === firstDocument(current.definition)) {
          ctx.err(
            edited.trim() === ''
              ? 'Aborted: the definition was left empty; nothing was stored.\n'
              : 'No changes.\n',
          );
          return EXIT.OK;
        }
        const checked = await service.check(
          { env: resolved.env, definition: edited },
          { actor: session.actor },
        );
        if (!hasErrors(checked.diagnostics)) {
          printDiagnostics(ctx, checked.diagnostics, { [checked.name]: edited });
          definition = edited;
          break;
        }
        // Show the problems, and reopen with them on top (as comments the save removes again)
        // only if the user asks: an editor that keeps writing the same mistake must not loop.
        printDiagnostics(ctx, checked.diagnostics, { [checked.name]: edited });
        ctx.err('Press ENTER to continue editing or ^D to exit\n');
        if (!(await readLine(ctx.io))) {
          // Nothing stored, at the user's word: not a failure (as esc, and as an emptied file).
          ctx.err('Aborting edit.\n');
          return EXIT.OK;
        }
        const rendered = renderDiagnostics(
          checked.diagnostics,
          { [checked.name]: edited },
          { color: false },
        );
        header =
          `${MARK}the definition has errors; fix them and save, or empty the file to abort.\n` +
          rendered
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => `${MARK}${l}\n`)
            .join('');
        text = edited;
      }
    } finally {
      stopCleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const written = await service
    .updateDefinition(resolved.env, definition, {
      actor: session.actor,
      basedOn: resolved.revision,
    })
    .catch((error: unknown) =>
      refusedDefinition(
        ctx,
        error,
        `the new definition of ${name} has errors; nothing was stored`,
        'fix the errors above and run the command again',
      ),
    );
  if (showWarnings) printDiagnostics(ctx, written.diagnostics, { [name]: definition });
  ctx.out('Environment updated.\n');
  return EXIT.OK;
}

/** The file the editor saved: UTF-8 only, within the size limit, and still there. */
function readEdited(path: string, limit: number): string {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileBounded(path, limit);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'ENOENT'
      ? new CliError(
          'the editor removed the file it was editing; nothing was stored',
          'save the definition in the file the editor opened; to abort, empty it instead',
          EXIT.ERROR,
          { cause: error },
        )
      : new CliError(
          `cannot read the edited file: ${code ?? String(error)}; nothing was stored`,
          'check the editor saves the file it was given',
          EXIT.ERROR,
          { cause: error },
        );
  }
  if (bytes === undefined) throw inputTooLarge('the edited definition', limit);
  return decodeUtf8(bytes, 'the edited definition is not valid UTF-8; nothing was stored');
}

function stripHeader(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith(MARK.trimEnd()))
    .join('\n');
}

/** The first YAML document, without trailing blank lines: what esc keeps of an edit. */
function firstDocument(text: string): string {
  const lines = text.split('\n');
  let seenContent = false;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (seenContent && /^(---|\.\.\.)(\s|$)/.test(line)) {
      end = i;
      break;
    }
    if (line.trim() !== '' && !line.trimStart().startsWith('#') && !line.startsWith('---'))
      seenContent = true;
  }
  const kept = lines.slice(0, end).join('\n').replace(/\s+$/, '');
  return kept === '' ? '' : kept + '\n';
}
