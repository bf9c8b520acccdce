import type { Value } from '@strata/core';
import { formatOutput } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envGet } from './env-get.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { documentPath, nodeAtPath, nodeToYaml, parseDefinition } from '../definition/document.js';
import { EXIT } from '../exit-codes.js';
import { parsePropertyPath } from '../definition/property-path.js';
import { printOutputWarnings, renderValueFormat } from '../render/value-format.js';
import { valueAtPath } from '@strata/core';
import { usageError } from '../cli-error.js';

export async function execute(ctx: CommandContext<typeof envGet>): Promise<number> {
  const ref = requireArg(ctx, 0, 'environment name');
  maxArgs(ctx, 2);
  const pathText = ctx.positionals[1];
  const path = pathText === undefined ? [] : parsePropertyPath(pathText);
  const showSecrets = ctx.flags['show-secrets'];
  const valueFormat = ctx.flags.value;
  if (valueFormat !== undefined && ctx.flags.definition)
    throw usageError('--value and --definition cannot be used together');

  const session = await ctx.session();
  const { service } = session;
  const resolved = await service.resolve(ref);
  const content = await service.readDefinition(resolved, { showSecrets });

  if (ctx.flags.definition) {
    ctx.out(definitionText(content.definition, path));
    return EXIT.OK;
  }

  const checked = await service.check(resolved, { actor: session.actor, showSecrets });
  const value = valueAtPath(checked.value, path);
  const redact = !showSecrets;
  if (valueFormat !== undefined) {
    const rendered = renderValueFormat(checked.value, path, valueFormat, {
      redact,
    });
    ctx.out(rendered.text);
    printOutputWarnings((text) => ctx.err(text), rendered.warnings);
    return EXIT.OK;
  }

  if (content.definition.trim() === '') {
    ctx.out('\n');
    return EXIT.OK;
  }
  const node = definitionNode(content.definition, path);
  let out = '';
  // As esc: no value section for a path the checked value lacks (inside a builtin's argument),
  // no definition section for one defined only by imports.
  if (path[0] !== 'imports' && (value !== undefined || path.length === 0)) {
    out += '# Value\n```json\n' + formatOutput(value, 'json', { redact }) + '```\n';
  }
  if (node !== undefined) {
    const definition = path.length === 0 ? content.definition : nodeToYaml(node.node);
    out += '# Definition\n```yaml\n' + definition + '\n```\n';
  }
  if (path.length > 0 && path[0] !== 'imports') {
    if (value !== undefined) out += '\n' + definedAt(value);
    else if (node?.at !== undefined) out += `\n# Defined at\n- ${checked.name}:${node.at}\n`;
  }
  ctx.out(out + '\n');
  return EXIT.OK;
}

/** The definition's node at `path` (the whole document for no path), and where it starts. */
function definitionNode(
  definition: string,
  path: ReturnType<typeof parsePropertyPath>,
): { node: unknown; at: string | undefined } | undefined {
  if (path.length === 0) return { node: undefined, at: undefined };
  const node = nodeAtPath(parseDefinition(definition), documentPath(path));
  if (node === undefined) return undefined;
  const offset = (node as { range?: [number, number, number] }).range?.[0];
  if (offset === undefined) return { node, at: undefined };
  const before = definition.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { node, at: `${line}:${column}` };
}

function definitionText(definition: string, path: ReturnType<typeof parsePropertyPath>): string {
  if (path.length === 0) return definition;
  const found = definitionNode(definition, path);
  return found === undefined ? '' : nodeToYaml(found.node);
}

function definedAt(value: Value): string {
  let out = '# Defined at\n';
  for (let v: Value | undefined = value; v !== undefined; v = v.base) {
    const r = v.def.range;
    if (r.start.line > 0) out += `- ${r.filename}:${r.start.line}:${r.start.column}\n`;
  }
  return out;
}
