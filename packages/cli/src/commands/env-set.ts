import type { CommandContext } from '../command-context.js';
import { maxArgs, readInput, refWithoutVersion, requireArg } from '../command-helpers.js';
import { CliError, usageError } from '../cli-error.js';
import {
  documentPath,
  parseDefinition,
  printDefinition,
  setAtPath,
  valueNode,
} from '../edit-definition.js';
import { EXIT } from '../exit-codes.js';
import { looksLikeSecret } from '../looks-like-secret.js';
import { evaluateDefinition } from '../open-environment.js';
import { parsePropertyPath } from '../property-path.js';
import { hasErrors, printDiagnostics } from '../print-diagnostics.js';

export async function execute(ctx: CommandContext): Promise<number> {
  const ref = refWithoutVersion(ctx, requireArg(ctx, 0, 'environment name'), 'set');
  const pathText = requireArg(ctx, 1, 'property path');
  const file = ctx.stringFlag('file');
  if (file !== undefined && ctx.positionals[2] !== undefined)
    throw usageError('give the value on the command line or with -f, not both');
  const text = file === undefined ? ctx.positionals[2] : await readInput(ctx, file);
  if (text === undefined)
    throw usageError('missing value', `usage: strata env set ${ctx.spec.usage}`);
  maxArgs(ctx, 3);
  const secret = ctx.booleanFlag('secret');
  const asString = ctx.booleanFlag('string');
  if (secret && ctx.booleanFlag('plaintext'))
    throw usageError('--secret and --plaintext cannot be used together');
  const path = parsePropertyPath(pathText);
  const last = path[path.length - 1];
  if (!secret && !ctx.booleanFlag('plaintext') && typeof last === 'string') {
    const plain = asString ? text : text.trim();
    if (looksLikeSecret(last, plain)) {
      throw usageError(
        'value looks like a secret; rerun with --secret to mark it as such, or --plaintext if you meant to leave it as plaintext',
      );
    }
  }

  const session = await ctx.session();
  const { service } = session;
  const resolved = await service.resolve(ref);
  const current = await service.readDefinition(resolved);
  const doc = parseDefinition(current.definition);
  setAtPath(
    doc,
    documentPath(path),
    valueNode(doc, text, { string: asString, secret }, path),
    pathText,
  );
  const definition = printDefinition(doc);

  const checked = await evaluateDefinition(session, resolved.env, definition);
  printDiagnostics(ctx, checked.diagnostics, { [checked.name]: definition });
  if (hasErrors(checked.diagnostics))
    throw new CliError(
      `the new definition of ${checked.name} has errors; nothing was stored`,
      'fix the errors above, or edit the whole definition with `strata env edit`',
      EXIT.INVALID,
    );
  await service.updateDefinition(resolved.env, definition, {
    actor: session.actor,
    basedOn: resolved.revision,
  });
  return EXIT.OK;
}
