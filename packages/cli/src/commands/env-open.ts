import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatOutputWithWarnings, isValidVariableName, temporaryFiles } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envOpen } from './env-open.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { failOnErrors, printDiagnostics } from '../render/diagnostics.js';
import { parsePropertyPath } from '../definition/property-path.js';
import { renderDetailed } from '@strata/core';
import { printOutputWarnings } from '../render/value-format.js';
import { valueAtPath } from '@strata/core';

export async function execute(ctx: CommandContext<typeof envOpen>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment name');
  maxArgs(ctx, 2);
  const pathText = ctx.positionals[1];
  const path = pathText === undefined ? [] : parsePropertyPath(pathText);
  const format = ctx.flags.format ?? 'json';
  if ((format === 'dotenv' || format === 'shell') && path.length > 0)
    throw usageError(`output format '${format}' may not be used with a property path`);

  const session = await ctx.session();
  const opened = await session.service.open(ref, { actor: session.actor });
  if (opened.diagnostics.length > 0) {
    printDiagnostics(ctx, opened.diagnostics, { [opened.name]: opened.definition });
    failOnErrors(
      opened.diagnostics,
      `${opened.name} could not be opened`,
      'fix the errors above with `strata env edit`',
    );
  }
  const root = opened.value;
  // An empty environment (a fresh revision 1) opens to nothing at all, as in esc.
  if (root === undefined && path.length === 0) return EXIT.OK;
  if (format === 'detailed') {
    ctx.out(renderDetailed(valueAtPath(root, path), { redact: false, root: path.length === 0 }));
    return EXIT.OK;
  }
  let filePaths: Map<string, string> | undefined;
  if (format === 'dotenv' || format === 'shell') {
    // As esc does: the files are really written (owner-only) so the printed paths work. Files
    // whose name is not a variable name are left out of the output (with a warning), and never
    // written: such a name could be a path (`../x`).
    const files = temporaryFiles(root, { redact: false }).filter((file) =>
      isValidVariableName(file.name),
    );
    if (files.length > 0) {
      filePaths = new Map();
      const dir = await mkdtemp(join(tmpdir(), 'strata-'));
      for (const file of files) {
        const target = join(dir, file.name);
        await writeFile(target, file.value, { mode: 0o600 });
        await chmod(target, 0o600);
        filePaths.set(file.name, target);
      }
    }
  }
  const rendered = formatOutputWithWarnings(valueAtPath(root, path), format, {
    redact: false,
    filePaths,
  });
  ctx.out(rendered.text);
  printOutputWarnings((text) => ctx.err(text), rendered.warnings);
  return EXIT.OK;
}
