import type { SourceRange } from '../diagnostics/diagnostic.js';

/**
 * The YAML document decoded into six node kinds, each with its source range and its YAML document
 * path (`values.a["b-c"][0]`, see internal/_path.ts). Numbers keep canonical decimal text.
 */
export type SyntaxNode = NullNode | BooleanNode | NumberNode | StringNode | ArrayNode | ObjectNode;

interface SyntaxNodeBase {
  readonly range: SourceRange;
  readonly path: string;
}

export interface NullNode extends SyntaxNodeBase {
  readonly kind: 'null';
}

export interface BooleanNode extends SyntaxNodeBase {
  readonly kind: 'boolean';
  readonly value: boolean;
}

export interface NumberNode extends SyntaxNodeBase {
  readonly kind: 'number';
  /** Canonical decimal text: `0x1F` → `31`, `1.0` → `1`, `1000000.0` → `1e+06`. */
  readonly value: string;
}

export interface StringNode extends SyntaxNodeBase {
  readonly kind: 'string';
  readonly value: string;
  /**
   * True for a single-line plain scalar: only these get sub-ranges for accessors and
   * interpolation errors inside the string (ESC's rule).
   */
  readonly plainSingleLine: boolean;
}

export interface ArrayNode extends SyntaxNodeBase {
  readonly kind: 'array';
  readonly items: readonly SyntaxNode[];
}

export interface ObjectEntry {
  readonly key: StringNode;
  readonly value: SyntaxNode;
}

export interface ObjectNode extends SyntaxNodeBase {
  readonly kind: 'object';
  readonly entries: readonly ObjectEntry[];
}
