import type { Value } from '@strata/core';
import { formatOutput } from '@strata/core';
import type { CommandContext } from '../command-context.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { documentPath, nodeAtPath, nodeToYaml, parseDefinition } from '../edit-definition.js';
import { EXIT } from '../exit-codes.js';
import { checkEnvironment } from '../open-environment.js';
import { parsePropertyPath } from '../property-path.js';
import { renderValueFormat, type ValueFormat } from '../render-value-format.js';
import { valueAtPath } from '../value-at-path.js';
import { usageError } from '../cli-error.js';

export async function execute(ctx: CommandContext): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment name');
  maxArgs(ctx, 2);
  const pathText = ctx.positionals[1];
  const path = pathText === undefined ? [] : parsePropertyPath(pathText);
  const showSecrets = ctx.booleanFlag('show-secrets');
  const valueFormat = ctx.stringFlag('value');
  if (valueFormat !== undefined && ctx.booleanFlag('definition'))
    throw usageError('--value and --definition cannot be used together');

  const session = await ctx.session();
  const { service } = session;
  const resolved = await service.resolve(ref);
  const content = await service.readDefinition(resolved, { showSecrets });

  if (ctx.booleanFlag('definition')) {
    ctx.out(definitionText(content.definition, path));
    return EXIT.OK;
  }

  const checked = await checkEnvironment(session, ref, { showSecrets });
  const value = valueAtPath(checked.result.value, path);
  const redact = !showSecrets;
  if (valueFormat !== undefined) {
    ctx.out(renderValueFormat(checked.result.value, path, valueFormat as ValueFormat, { redact }));
    return EXIT.OK;
  }

  if (content.definition.trim() === '') {
    ctx.out('\n');
    return EXIT.OK;
  }
  const definition = definitionText(content.definition, path);
  let out = '';
  if (path[0] !== 'imports') {
    out += '# Value\n```json\n' + formatOutput(value, 'json', { redact }) + '```\n';
  }
  out += '# Definition\n```yaml\n' + definition + '\n```\n';
  if (path.length > 0 && path[0] !== 'imports' && value !== undefined)
    out += '\n' + definedAt(value);
  ctx.out(out + '\n');
  return EXIT.OK;
}

function definitionText(definition: string, path: ReturnType<typeof parsePropertyPath>): string {
  if (path.length === 0) return definition;
  const node = nodeAtPath(parseDefinition(definition), documentPath(path));
  return node === undefined ? '' : nodeToYaml(node);
}

function definedAt(value: Value): string {
  let out = '# Defined at\n';
  for (let v: Value | undefined = value; v !== undefined; v = v.base) {
    const r = v.def.range;
    if (r.start.line > 0) out += `- ${r.filename}:${r.start.line}:${r.start.column}\n`;
  }
  return out;
}
