import type { Expr, ObjectExpr } from '../ast/expr.js';
import type { PropertyAccess } from '../ast/property-access.js';
import type { Value, ValueOrigin } from '../value/value.js';

export const enum ExprState {
  Declared,
  Evaluating,
  Done,
}

/** The evaluator's working form of an expression: its declared path, merge base and memo. */
export type ExprRepr =
  | { readonly kind: 'missing' }
  | { readonly kind: 'literal' }
  | { readonly kind: 'interpolate' }
  | { readonly kind: 'symbol'; readonly access: PropertyAccess }
  | { readonly kind: 'array'; readonly elements: ExprNode[] }
  | {
      readonly kind: 'object';
      readonly properties: Map<string, ExprNode>;
      readonly ast?: ObjectExpr;
    }
  | { readonly kind: 'open'; readonly provider?: string | undefined; readonly inputs: ExprNode }
  | {
      readonly kind: 'rotate';
      readonly provider?: string | undefined;
      readonly inputs: ExprNode;
      readonly state: ExprNode;
    }
  | { readonly kind: 'plaintext'; readonly plaintext: ExprNode }
  | { readonly kind: 'ciphertext'; readonly ciphertext: string }
  | { readonly kind: 'join' | 'split'; readonly first: ExprNode; readonly second: ExprNode }
  | { readonly kind: 'concat'; readonly arrays: ExprNode }
  | { readonly kind: 'validate'; readonly schema: ExprNode; readonly value: ExprNode }
  | {
      readonly kind: 'toJSON' | 'fromJSON' | 'toBase64' | 'fromBase64' | 'toString' | 'final';
      readonly arg: ExprNode;
    };

export class ExprNode {
  state = ExprState.Declared;
  value: Value | undefined;
  /** Set on the plaintext of `fn::secret`: its value is flagged secret. */
  secret = false;

  constructor(
    /** The source expression; undefined for parts missing after a load error. */
    readonly ast: Expr | undefined,
    /** The declared path (`a.p`, or `[1]` inside builtin arguments) used in cycle messages. */
    readonly path: string,
    readonly repr: ExprRepr,
    /** The imported value at the same path, if any. */
    readonly base: Value | undefined,
    readonly origin: ValueOrigin,
  ) {}
}
