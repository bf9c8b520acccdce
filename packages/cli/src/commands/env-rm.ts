import { formatEnvironmentKey, updateDefinitionAtPath } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envRm } from './env-rm.command.js';
import { maxArgs, refWithoutVersion, requireArg } from '../command-helpers.js';
import { CliError, usageError } from '../cli-error.js';
import {
  deleteAtPath,
  documentPath,
  parseDefinition,
  printDefinition,
} from '../definition/document.js';
import { EXIT } from '../exit-codes.js';
import { printDiagnostics, refusedDefinition } from '../render/diagnostics.js';
import { parsePropertyPath } from '../definition/property-path.js';

export async function execute(ctx: CommandContext<typeof envRm>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'rm');
  maxArgs(ctx, 2);
  const pathText = ctx.positionals[1];
  const session = await ctx.session();
  const { service } = session;

  if (pathText === undefined) {
    const env = service.parseRef(ref).env;
    const name = formatEnvironmentKey(env);
    if (!ctx.flags.yes) {
      throw usageError(
        `removing ${name} needs confirmation`,
        `rerun with --yes to remove ${name} and all its revisions`,
      );
    }
    await service.deleteEnvironment(env, { actor: session.actor });
    ctx.out(`Environment "${name}" has been removed!\n`);
    return EXIT.OK;
  }

  const path = parsePropertyPath(pathText);
  const env = service.parseRef(ref).env;
  // A change to one path of the latest revision: if someone else writes first, it is re-applied
  // to theirs, unless they changed this path too (core's updateDefinitionAtPath).
  const name = formatEnvironmentKey(env);
  const written = await updateDefinitionAtPath(service, env, {
    actor: session.actor,
    path: documentPath(path),
    shownPath: pathText,
    apply: (current) => {
      const doc = parseDefinition(current);
      if (!deleteAtPath(doc, documentPath(path))) {
        throw new CliError(
          `${pathText} is not defined in ${formatEnvironmentKey(env)}`,
          'see the definition with `strata env get <ref> --definition`',
          EXIT.NOT_FOUND,
        );
      }
      return printDefinition(doc);
    },
  }).catch((error: unknown) =>
    refusedDefinition(
      ctx,
      error,
      `removing ${pathText} leaves errors in ${name}; nothing was stored`,
      'remove what refers to it first',
    ),
  );
  printDiagnostics(ctx, written.revision.diagnostics, { [name]: written.definition });
  return EXIT.OK;
}
