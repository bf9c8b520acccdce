// The `${...}` reference under a position of the definition, and what it points at in the checked
// value: where that property is defined (this definition or an import, and the line) and what it
// holds, with secrets shown as [secret] and what only an open can know as [unknown].

import {
  JsonNumber,
  valueAtPath,
  valueToPlainJson,
  type EnvironmentDecl,
  type JsonValue,
  type PathSegment,
  type PropertyAccess,
  type Value,
} from '@strata/core';

/** Every `${...}` of a declaration, in no particular order. */
function accessesOf(declaration: EnvironmentDecl): PropertyAccess[] {
  const found: PropertyAccess[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (Array.isArray(record['accessors']) && typeof record['range'] === 'object')
      found.push(record as unknown as PropertyAccess);
    for (const [key, value] of Object.entries(record)) if (key !== 'syntax') walk(value);
  };
  walk(declaration.values);
  return found;
}

export interface ReferenceTarget {
  /** `db.host`, as the reference spells it. */
  readonly path: string;
  /** Line and column span of the reference in the definition (1-based, code points). */
  readonly from: { line: number; column: number };
  readonly to: { line: number; column: number };
  /** Where the property is defined: this environment (`self`) or an import by name. */
  readonly definedIn?: { readonly self: boolean; readonly name: string; readonly line: number };
  /** Its value as JSON text, redacted; undefined when the reference points at nothing. */
  readonly value?: string;
  readonly kind?: string;
}

const before = (a: { line: number; column: number }, b: { line: number; column: number }) =>
  a.line < b.line || (a.line === b.line && a.column <= b.column);

export function findReference(
  declaration: EnvironmentDecl,
  root: Value | undefined,
  at: { line: number; column: number },
): ReferenceTarget | undefined {
  const access = accessesOf(declaration).find(
    (a) => before(a.range.start, at) && before(at, a.range.end),
  );
  if (access === undefined || access.accessors.length === 0) return undefined;
  const segments: PathSegment[] = access.accessors.map((a) =>
    a.kind === 'index' ? a.index : a.key,
  );
  const path = access.accessors
    .map((a, i) =>
      a.kind === 'index'
        ? `[${a.index}]`
        : a.kind === 'key'
          ? `[${JSON.stringify(a.key)}]`
          : `${i === 0 ? '' : '.'}${a.key}`,
    )
    .join('');
  const span = { path, from: access.range.start, to: access.range.end };
  const target = valueAtPath(root, segments);
  if (target === undefined) return span;
  const range = target.def.range;
  return {
    ...span,
    definedIn: {
      self: range.filename === declaration.name,
      name: range.filename,
      line: range.start.line,
    },
    value: render(valueToPlainJson(target, { redact: true })),
    kind: target.secret ? 'secret' : target.unknown ? 'unknown' : target.kind,
  };
}

function render(value: JsonValue): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    v instanceof JsonNumber ? Number(v.text) : v,
  );
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
