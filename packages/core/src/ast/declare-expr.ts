// Expressions from syntax nodes (language-spec §1.4). The walk keeps its own stack of open
// collections instead of recursing, so arbitrarily deep documents cannot overflow the call stack.

import type { SourceRange } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import { goQuote } from '../internal/_go-quote.js';
import type {
  ArrayNode,
  ObjectEntry,
  ObjectNode,
  StringNode,
  SyntaxNode,
} from '../parse/syntax-node.js';
import { classifyBuiltinKey, declareBuiltin } from './declare-builtin.js';
import type { Expr, ObjectEntryExpr } from './expr.js';
import { classifyTemplate, parseTemplate } from './parse-template.js';

/** An array whose elements are being declared; `next` is the next item's index. */
interface ArrayFrame {
  readonly kind: 'array';
  readonly node: ArrayNode;
  readonly elements: Expr[];
  next: number;
}

/** An object whose entries are being declared; `key` is the current entry's declared key. */
interface ObjectFrame {
  readonly kind: 'object';
  readonly node: ObjectNode;
  readonly entries: ObjectEntryExpr[];
  next: number;
  entry: ObjectEntry | undefined;
  key: string | undefined;
}

/** A builtin call whose argument is being declared. */
interface BuiltinFrame {
  readonly kind: 'builtin';
  readonly node: ObjectNode;
  readonly name: string;
  readonly nameRange: SourceRange;
  started: boolean;
  args: Expr | undefined;
}

type Frame = ArrayFrame | ObjectFrame | BuiltinFrame;

/**
 * Declares the expression for `root` and everything below it. Load diagnostics go to
 * `diagnostics` in document order: a node's own, then its children's in order, each child's
 * subtree complete before its next sibling (a builtin's after its argument's). Every expression's
 * `path` is its node's document path.
 */
export function declareExpr(root: SyntaxNode, diagnostics: Diagnostic[]): Expr {
  return new Declarer(diagnostics).run(root);
}

class Declarer {
  private readonly stack: Frame[] = [];
  private result: Expr | undefined;

  constructor(private readonly diagnostics: Diagnostic[]) {}

  run(root: SyntaxNode): Expr {
    const { stack } = this;
    this.begin(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      switch (frame.kind) {
        case 'array': {
          const item = frame.node.items[frame.next++];
          if (item === undefined) stack.pop();
          else this.begin(item);
          break;
        }
        case 'object': {
          const entry = frame.node.entries[frame.next++];
          if (entry === undefined) {
            stack.pop();
            break;
          }
          frame.entry = entry;
          // The value is declared even under a rejected key, for its diagnostics.
          frame.key = declareKey(entry.key, this.diagnostics);
          this.begin(entry.value);
          break;
        }
        case 'builtin':
          if (!frame.started) {
            frame.started = true;
            this.begin(frame.node.entries[0]!.value);
            break;
          }
          stack.pop();
          if (frame.args !== undefined) {
            const { node, name, nameRange, args } = frame;
            this.deliver(declareBuiltin({ node, name, nameRange, args }, this.diagnostics));
          }
          break;
      }
    }
    // Every node delivers an expression, so this fallback is never used.
    return this.result ?? { range: root.range, path: root.path, syntax: root, kind: 'null' };
  }

  /** Hands a declared expression to the open collection or call it belongs to. */
  private deliver(expr: Expr): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.result = expr;
    else if (parent.kind === 'array') parent.elements.push(expr);
    else if (parent.kind === 'builtin') parent.args = expr;
    else if (parent.key !== undefined && parent.entry !== undefined) {
      const { key } = parent.entry;
      parent.entries.push({ key: parent.key, keyRange: key.range, keyPath: key.path, value: expr });
    }
  }

  /** Declares a scalar at once; opens a collection or call, delivered before (or, for a call, after) its children. */
  private begin(node: SyntaxNode): void {
    const { range, path } = node;
    switch (node.kind) {
      case 'null':
        this.deliver({ range, path, syntax: node, kind: 'null' });
        return;
      case 'boolean':
        this.deliver({ range, path, syntax: node, kind: 'boolean', value: node.value });
        return;
      case 'number':
        this.deliver({ range, path, syntax: node, kind: 'number', value: node.value });
        return;
      case 'string':
        this.deliver(declareString(node, this.diagnostics));
        return;
      case 'array': {
        const elements: Expr[] = [];
        this.deliver({ range, path, syntax: node, kind: 'array', elements });
        this.stack.push({ kind: 'array', node, elements, next: 0 });
        return;
      }
      case 'object':
        this.beginObject(node);
        return;
    }
  }

  private beginObject(node: ObjectNode): void {
    const { diagnostics } = this;
    const [only] = node.entries;
    if (node.entries.length === 1 && only !== undefined) {
      const name = only.key.value;
      const kind = classifyBuiltinKey(name);
      if (kind === 'builtin') {
        this.stack.push({
          kind: 'builtin',
          node,
          name,
          nameRange: only.key.range,
          started: false,
          args: undefined,
        });
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
    this.deliver({ kind: 'object', entries, range: node.range, path: node.path, syntax: node });
    this.stack.push({ kind: 'object', node, entries, next: 0, entry: undefined, key: undefined });
  }
}

/** A string value: literal, symbol or interpolation, from its scanned parts. */
export function declareString(node: StringNode, diagnostics: Diagnostic[]): Expr {
  const { range, path, value } = node;
  // No `$`: the text as it is (a lone final `$` is text too).
  if (value.indexOf('$') === -1) return { range, path, syntax: node, kind: 'string', value };
  const shape = classifyTemplate(parseTemplate(node, diagnostics));
  switch (shape.kind) {
    case 'string':
      return { range, path, syntax: node, kind: 'string', value: shape.value };
    case 'symbol':
      return { range, path, syntax: node, kind: 'symbol', access: shape.access };
    case 'interpolate':
      return { range, path, syntax: node, kind: 'interpolate', parts: shape.parts };
  }
}

/** A nested object key: scanned like a value (`$$` → `$`), and rejected when it holds an access. */
function declareKey(node: StringNode, diagnostics: Diagnostic[]): string | undefined {
  if (node.value.indexOf('$') === -1) return node.value;
  const shape = classifyTemplate(parseTemplate(node, diagnostics));
  if (shape.kind === 'string') return shape.value;
  diagnostics.push(
    createDiagnostic('INVALID_OBJECT_KEY', 'object keys must be strings', node.path, node.range),
  );
  return undefined;
}
