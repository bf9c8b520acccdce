import type { SourceRange } from '../diagnostics/diagnostic.js';
import { compareUtf8 } from '../internal/_compare-utf8.js';
import type { Schema } from '../schema/schema.js';

export type ValueKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'unknown';

/** Where a value was defined: the range and path of the expression that produced it. */
export interface ValueOrigin {
  readonly range: SourceRange;
  readonly path: string;
}

/**
 * An evaluated value (language-spec §10.2). Numbers are canonical decimal text. `base` is the
 * imported value this one overrode; object keys visible through a value include its base's keys.
 */
export interface Value {
  kind: ValueKind;
  /** null | boolean | number text | string | Value[] | Map; undefined for unknowns. */
  data: null | boolean | string | Value[] | Map<string, Value> | undefined;
  schema: Schema;
  def: ValueOrigin;
  base?: Value | undefined;
  unknown: boolean;
  secret: boolean;
  final: boolean;
  rotateOnly: boolean;
  /**
   * Set on a map that stands for several merged objects (see compactValue): the own keys of the
   * deepest of them, which a failed lookup suggests from, as ESC does on the last object of a chain.
   */
  suggestedKeys?: readonly string[] | undefined;
  /** Set on an unknown synthesized for a key of an unknown receiver (§10.2 `property`). */
  access?: { readonly receiver: Value; readonly key: string } | undefined;
}

export function objectEntries(value: Value): Map<string, Value> | undefined {
  return value.kind === 'object' ? (value.data as Map<string, Value>) : undefined;
}

export function arrayItems(value: Value): Value[] | undefined {
  return value.kind === 'array' ? (value.data as Value[]) : undefined;
}

/** keys(v): the sorted union of an object's own keys and those of its base chain. */
export function valueKeys(value: Value): string[] {
  const own = objectEntries(value);
  if (own === undefined) return [];
  if (value.base === undefined || value.base.kind !== 'object') {
    return [...own.keys()].sort(compareUtf8);
  }
  const keys = new Set(own.keys());
  for (let base: Value | undefined = value.base; base?.kind === 'object'; base = base.base) {
    for (const key of (base.data as Map<string, Value>).keys()) keys.add(key);
  }
  return [...keys].sort(compareUtf8);
}

/** property(v, k): the own entry, else the base chain's (§10.2). Undefined when absent. */
export function valueProperty(value: Value, key: string): Value | undefined {
  for (let v: Value | undefined = value; v !== undefined; v = v.base) {
    const own = objectEntries(v);
    if (own === undefined) return undefined;
    const found = own.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}
