import { formatOutput } from '@strata/core';
import type { CommandContext } from '../command.js';
import type { envDiff } from './env-diff.command.js';
import { maxArgs, requireArg } from '../command-helpers.js';
import { documentPath, nodeAtPath, nodeToYaml, parseDefinition } from '../definition/document.js';
import { EXIT } from '../exit-codes.js';
import { parsePropertyPath } from '../definition/property-path.js';
import { renderValueFormat } from '../render/value-format.js';
import type { Session } from '../session.js';
import { unifiedDiff } from '../render/unified-diff.js';
import { splitVersion } from '../version-ref.js';
import { valueAtPath } from '@strata/core';

export async function execute(ctx: CommandContext<typeof envDiff>): Promise<number> {
  const first = requireArg(ctx, 0, 'environment name');
  maxArgs(ctx, 2);
  const base = splitVersion(first);
  const baseRef = base.version === undefined ? `${first}@latest` : first;
  const second = ctx.positionals[1];
  const other = second === undefined ? undefined : splitVersion(second);
  // A bare `@v` (or `:v`) is relative to the first environment; nothing means its latest revision.
  const otherRef =
    other === undefined
      ? `${base.base}@latest`
      : other.version === undefined
        ? `${other.base}@latest`
        : `${other.base === '' ? base.base : other.base}@${other.version}`;
  const pathText = ctx.flags.path;
  const path = pathText === undefined ? [] : parsePropertyPath(pathText);
  const showSecrets = ctx.flags['show-secrets'];
  const format = ctx.flags.format;

  const session = await ctx.session();
  // A second environment named without a version is labelled without one, as esc labels it.
  const otherName =
    other !== undefined && other.version === undefined
      ? displayName(session, otherRef).replace(/@latest$/, '')
      : displayName(session, otherRef);
  const names = [displayName(session, baseRef), otherName] as const;
  if (format !== undefined) {
    // One format: a plain unified diff of the two checked renderings, as esc prints it.
    const [left, right] = await Promise.all(
      [baseRef, otherRef].map(async (ref) => {
        const checked = await session.service.check(ref, { actor: session.actor, showSecrets });
        return renderValueFormat(checked.value, path, format, { redact: !showSecrets }).text;
      }),
    );
    const diff = unifiedDiff(left ?? '', right ?? '', names[0], names[1]);
    ctx.out(diff);
    return EXIT.OK;
  }
  const [left, right] = await Promise.all([
    render(session, baseRef, path, showSecrets),
    render(session, otherRef, path, showSecrets),
  ]);
  const valueDiff = unifiedDiff(left.value, right.value, names[0], names[1]);
  const definitionDiff = unifiedDiff(left.definition, right.definition, names[0], names[1]);
  let out = '';
  if (valueDiff !== '') out += '# Value\n```diff\n' + valueDiff + '\n```\n';
  if (definitionDiff !== '') out += '# Definition\n```diff\n' + definitionDiff + '\n```\n';
  ctx.out(out);
  return EXIT.OK;
}

async function render(
  session: Session,
  ref: string,
  path: ReturnType<typeof parsePropertyPath>,
  showSecrets: boolean,
): Promise<{ value: string; definition: string }> {
  const checked = await session.service.check(ref, { actor: session.actor, showSecrets });
  const content = await session.service.readDefinition(checked.resolved!, { showSecrets });
  // The value's JSON without a final newline (the diff notes it), and nothing for an empty
  // environment, as esc renders them.
  const root = checked.value;
  const value =
    root === undefined && path.length === 0
      ? ''
      : formatOutput(valueAtPath(root, path), 'json', { redact: !showSecrets }).replace(/\n$/, '');
  let definition = content.definition;
  if (path.length > 0) {
    const node = nodeAtPath(parseDefinition(definition), documentPath(path));
    definition = node === undefined ? '' : nodeToYaml(node);
  }
  return { value, definition };
}

function displayName(session: Session, ref: string): string {
  const parsed = session.service.parseRef(ref);
  const { org, project, name } = parsed.env;
  const v = parsed.version;
  const version =
    v === undefined || v.kind === 'latest'
      ? 'latest'
      : v.kind === 'tag'
        ? v.name
        : String(v.number);
  return `${org}/${project}/${name}@${version}`;
}
