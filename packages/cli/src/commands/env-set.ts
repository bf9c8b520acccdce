import { formatEnvironmentKey, updateDefinitionAtPath } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envSet } from './env-set.command.js';
import { maxArgs, readInput, refWithoutVersion, requireArg } from '../command-helpers.js';
import { usageError } from '../cli-error.js';
import {
  documentPath,
  parseDefinition,
  printDefinition,
  setAtPath,
  valueNode,
} from '../definition/document.js';
import { EXIT } from '../exit-codes.js';
import { looksLikeSecret } from '../definition/looks-like-secret.js';
import { parsePropertyPath } from '../definition/property-path.js';
import { printDiagnostics, refusedDefinition } from '../render/diagnostics.js';
import { checkTextSize, definitionLimit } from '../input-limit.js';

export async function execute(ctx: CommandContext<typeof envSet>): Promise<number> {
  const ref = refWithoutVersion(requireArg(ctx, 0, 'environment name'), 'set');
  const pathText = requireArg(ctx, 1, 'property path');
  const file = ctx.flags.file;
  if (file !== undefined && ctx.positionals[2] !== undefined)
    throw usageError('give the value on the command line or with -f, not both');
  const text = file === undefined ? ctx.positionals[2] : await readInput(ctx, file);
  if (text === undefined)
    throw usageError('missing value', `usage: strata env set ${ctx.spec.usage}`);
  if (file === undefined) checkTextSize('the value', text, definitionLimit(ctx));
  maxArgs(ctx, 3);
  const secret = ctx.flags.secret;
  const asString = ctx.flags.string;
  if (secret && ctx.flags.plaintext)
    throw usageError('--secret and --plaintext cannot be used together');
  const path = parsePropertyPath(pathText);
  const last = path[path.length - 1];
  if (!secret && !ctx.flags.plaintext && typeof last === 'string') {
    const plain = asString ? text : text.trim();
    if (looksLikeSecret(last, plain)) {
      throw usageError(
        'value looks like a secret; rerun with --secret to mark it as such, or --plaintext if you meant to leave it as plaintext',
      );
    }
  }

  const session = await ctx.session();
  const { service } = session;
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
      setAtPath(
        doc,
        documentPath(path),
        valueNode(doc, text, { string: asString, secret }, path),
        pathText,
      );
      return printDefinition(doc);
    },
  }).catch((error: unknown) =>
    refusedDefinition(
      ctx,
      error,
      `the new definition of ${name} has errors; nothing was stored`,
      'fix the errors above, or edit the whole definition with `strata env edit`',
    ),
  );
  printDiagnostics(ctx, written.revision.diagnostics, { [name]: written.definition });
  return EXIT.OK;
}
