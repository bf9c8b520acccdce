// Expressions from syntax nodes (language-spec §1.4). The walk keeps its own work stack instead of
// recursing, so arbitrarily deep documents cannot overflow the call stack.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import { goQuote } from '../internal/_go-quote.js';
import type { ObjectNode, StringNode, SyntaxNode } from '../parse/syntax-node.js';
import { classifyBuiltinKey, declareBuiltin } from './declare-builtin.js';
import type { Expr, ObjectEntryExpr } from './expr.js';
import { classifyTemplate, parseTemplate } from './parse-template.js';

type Sink = (expr: Expr) => void;

/**
 * Declares the expression for `root` and everything below it. Load diagnostics go to
 * `diagnostics` in document order. Every expression's `path` is its node's document path.
 */
export function declareExpr(root: SyntaxNode, diagnostics: Diagnostic[]): Expr {
  // Tasks run last-in first-out; children are pushed in reverse so they run in document order,
  // and each child's subtree completes before its next sibling starts.
  const tasks: Array<() => void> = [];
  let result: Expr | undefined;

  const visit = (node: SyntaxNode, sink: Sink): void => {
    const base = { range: node.range, path: node.path, syntax: node };
    switch (node.kind) {
      case 'null':
        sink({ ...base, kind: 'null' });
        return;
      case 'boolean':
        sink({ ...base, kind: 'boolean', value: node.value });
        return;
      case 'number':
        sink({ ...base, kind: 'number', value: node.value });
        return;
      case 'string':
        sink(declareString(node, diagnostics));
        return;
      case 'array': {
        const elements: Expr[] = [];
        sink({ ...base, kind: 'array', elements });
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i];
          if (item !== undefined)
            tasks.push(() => visit(item, (element) => elements.push(element)));
        }
        return;
      }
      case 'object':
        visitObject(node, sink);
        return;
    }
  };

  const visitObject = (node: ObjectNode, sink: Sink): void => {
    const [only] = node.entries;
    if (node.entries.length === 1 && only !== undefined) {
      const name = only.key.value;
      const kind = classifyBuiltinKey(name);
      if (kind === 'builtin') {
        let args: Expr | undefined;
        tasks.push(() => {
          if (args !== undefined)
            sink(declareBuiltin({ node, name, nameRange: only.key.range, args }, diagnostics));
        });
        tasks.push(() => visit(only.value, (expr) => (args = expr)));
        return;
      }
      if (kind === 'reserved') {
        diagnostics.push(
          createDiagnostic(
            'RESERVED_PREFIX',
            "'fn::' is a reserved prefix",
            node.path,
            only.key.range,
          ),
        );
      }
    } else {
      for (const { key } of node.entries) {
        if (!key.value.startsWith('fn::')) continue;
        const summary = `illegal call to builtin function: ${goQuote(key.value)} must be the only key within its containing object`;
        diagnostics.push(createDiagnostic('ILLEGAL_BUILTIN_CALL', summary, node.path, node.range));
      }
    }

    const entries: ObjectEntryExpr[] = [];
    sink({ kind: 'object', entries, range: node.range, path: node.path, syntax: node });
    for (let i = node.entries.length - 1; i >= 0; i--) {
      const entry = node.entries[i];
      if (entry === undefined) continue;
      tasks.push(() => {
        const key = declareKey(entry.key, diagnostics);
        // The value is declared even under a rejected key, for its diagnostics.
        tasks.push(() =>
          visit(entry.value, (value) => {
            if (key !== undefined)
              entries.push({ key, keyRange: entry.key.range, keyPath: entry.key.path, value });
          }),
        );
      });
    }
  };

  tasks.push(() => visit(root, (expr) => (result = expr)));
  for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) task();
  // Every visit delivers an expression, so this fallback is never used.
  return result ?? { kind: 'null', range: root.range, path: root.path, syntax: root };
}

/** A string value: literal, symbol or interpolation, from its scanned parts. */
export function declareString(node: StringNode, diagnostics: Diagnostic[]): Expr {
  const base = { range: node.range, path: node.path, syntax: node };
  const shape = classifyTemplate(parseTemplate(node, diagnostics));
  switch (shape.kind) {
    case 'string':
      return { ...base, kind: 'string', value: shape.value };
    case 'symbol':
      return { ...base, kind: 'symbol', access: shape.access };
    case 'interpolate':
      return { ...base, kind: 'interpolate', parts: shape.parts };
  }
}

/** A nested object key: scanned like a value (`$$` → `$`), and rejected when it holds an access. */
function declareKey(node: StringNode, diagnostics: Diagnostic[]): string | undefined {
  const shape = classifyTemplate(parseTemplate(node, diagnostics));
  if (shape.kind === 'string') return shape.value;
  diagnostics.push(
    createDiagnostic('INVALID_OBJECT_KEY', 'object keys must be strings', node.path, node.range),
  );
  return undefined;
}
