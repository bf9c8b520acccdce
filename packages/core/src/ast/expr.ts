import type { SourceRange } from '../diagnostics/diagnostic.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import type { InterpolationPart, PropertyAccess } from './property-access.js';

/**
 * An expression of the environment language (language-spec §1.4). Every expression keeps the
 * syntax node it came from, so diagnostics point at the source.
 */
export type Expr =
  | NullExpr
  | BooleanExpr
  | NumberExpr
  | StringExpr
  | InterpolateExpr
  | SymbolExpr
  | ArrayExpr
  | ObjectExpr
  | BuiltinExpr;

export interface ExprBase {
  readonly range: SourceRange;
  /**
   * The YAML document path of the node, where diagnostics are reported (`values.a.p`, also inside
   * builtin arguments: `values.j["fn::join"][1]`). Declared paths for cycle messages (`a.p`, and
   * relative ones such as `[1]` inside builtin arguments, §1.5) are built by the evaluator.
   */
  readonly path: string;
  readonly syntax?: SyntaxNode | undefined;
}

export interface NullExpr extends ExprBase {
  readonly kind: 'null';
}
export interface BooleanExpr extends ExprBase {
  readonly kind: 'boolean';
  readonly value: boolean;
}
export interface NumberExpr extends ExprBase {
  readonly kind: 'number';
  /** Canonical decimal text. */
  readonly value: string;
}
export interface StringExpr extends ExprBase {
  readonly kind: 'string';
  readonly value: string;
}
export interface InterpolateExpr extends ExprBase {
  readonly kind: 'interpolate';
  readonly parts: readonly InterpolationPart[];
}
export interface SymbolExpr extends ExprBase {
  readonly kind: 'symbol';
  readonly access: PropertyAccess;
}
export interface ArrayExpr extends ExprBase {
  readonly kind: 'array';
  readonly elements: readonly Expr[];
}
export interface ObjectEntryExpr {
  readonly key: string;
  readonly keyRange: SourceRange;
  /** Path of the key node (parent path + key), where duplicate/reserved key errors are reported. */
  readonly keyPath: string;
  readonly value: Expr;
}
export interface ObjectExpr extends ExprBase {
  readonly kind: 'object';
  /** Entries in source order, duplicates included: the evaluator reports and drops them. */
  readonly entries: readonly ObjectEntryExpr[];
}

/** `fn::…` calls. Argument-shape errors are load diagnostics; the missing parts are then absent. */
export type BuiltinExpr =
  | OpenExpr
  | RotateExpr
  | SecretExpr
  | JoinExpr
  | SplitExpr
  | ConcatExpr
  | ValidateExpr
  | UnaryBuiltinExpr;

interface BuiltinBase extends ExprBase {
  readonly kind: 'builtin';
  /** The builtin's name as written, e.g. `fn::open::aws-login`. */
  readonly name: string;
  readonly nameRange: SourceRange;
  /**
   * The argument as written (the value of the `fn::` key), declared like any expression even when
   * its shape is wrong: ESC still type-checks a malformed `fn::concat` argument.
   */
  readonly argument: Expr;
}

export interface OpenExpr extends BuiltinBase {
  readonly builtin: 'open';
  /** Absent when the long form's `provider` is missing or not a string literal. */
  readonly provider?: string | undefined;
  readonly inputs?: Expr | undefined;
}

export interface RotateExpr extends BuiltinBase {
  readonly builtin: 'rotate';
  readonly provider?: string | undefined;
  readonly inputs?: Expr | undefined;
  /** Must be an object literal when present. */
  readonly state?: ObjectExpr | undefined;
  /** False when a load error made the call unusable (result unknown). */
  readonly valid: boolean;
}

export type SecretExpr =
  | (BuiltinBase & { readonly builtin: 'secret'; readonly plaintext: string })
  | (BuiltinBase & {
      readonly builtin: 'secret';
      readonly ciphertext: string;
      /** The `{ciphertext: ...}` mapping's own expression (for ranges). */
      readonly ciphertextRange: SourceRange;
    });

export interface JoinExpr extends BuiltinBase {
  readonly builtin: 'join';
  /** [delimiter, values]; absent when the argument is not a two-element list literal. */
  readonly args?: readonly [Expr, Expr] | undefined;
}

export interface SplitExpr extends BuiltinBase {
  readonly builtin: 'split';
  /** [delimiter, subject]; absent when the argument is not a two-element list literal. */
  readonly args?: readonly [Expr, Expr] | undefined;
}

export interface ConcatExpr extends BuiltinBase {
  readonly builtin: 'concat';
  /** Absent when the argument is not a list literal. */
  readonly arrays?: readonly Expr[] | undefined;
}

export interface ValidateExpr extends BuiltinBase {
  readonly builtin: 'validate';
  readonly schema?: Expr | undefined;
  readonly value?: Expr | undefined;
}

/** Builtins that take one expression argument. */
export interface UnaryBuiltinExpr extends BuiltinBase {
  readonly builtin: 'toJSON' | 'fromJSON' | 'toBase64' | 'fromBase64' | 'toString' | 'final';
  readonly arg: Expr;
}
