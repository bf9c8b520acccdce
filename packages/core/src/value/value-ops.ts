import type { Schema } from '../schema/schema.js';
import { mergeSchemas } from '../schema/synthesize-schema.js';
import { propertySchema } from '../schema/access-schema.js';
import type { PlainValue, ProviderOutput } from './plain-value.js';
import { SecretOutput } from './plain-value.js';
import {
  arrayItems,
  objectEntries,
  valueKeys,
  valueProperty,
  type Value,
  type ValueOrigin,
} from './value.js';

/**
 * Charged by the functions below as they build values, when given: evaluation passes its limits
 * (eval/_budget.ts), which throw once one is crossed.
 */
export interface BuildBudget {
  /** `count` values about to be built. */
  build(count?: number): void;
  /** A string of `length` characters about to be built. */
  string(length: number): void;
  /** An array or object of `length` elements about to be built. */
  collection(length: number): void;
}

export function unknownValue(def: ValueOrigin, schema: Schema = true): Value {
  return {
    kind: 'unknown',
    data: undefined,
    schema,
    def,
    base: undefined,
    unknown: true,
    secret: false,
    final: false,
    rotateOnly: false,
  };
}

export function knownValue(
  def: ValueOrigin,
  kind: Exclude<Value['kind'], 'unknown'>,
  data: Value['data'],
): Value {
  return {
    kind,
    data,
    schema: true,
    def,
    base: undefined,
    unknown: false,
    secret: false,
    final: false,
    rotateOnly: false,
  };
}

/** True for an object, or an unknown whose schema admits an object (§3.3). */
export function isObjectLike(value: Value | undefined): boolean {
  if (value === undefined) return false;
  if (value.kind === 'object') return true;
  if (value.kind !== 'unknown') return false;
  return (
    value.schema === true || (typeof value.schema === 'object' && value.schema.type === 'object')
  );
}

/**
 * property(v, k) of §10.2, including the unknown synthesis: an unknown base yields an unknown
 * property whose schema follows the base's schema.
 */
export function baseProperty(base: Value | undefined, key: string): Value | undefined {
  if (base === undefined) return undefined;
  if (base.kind === 'object') {
    const own = (base.data as Map<string, Value>).get(key);
    return own ?? baseProperty(base.base, key);
  }
  if (base.kind === 'unknown') {
    const synthesized = unknownValue(base.def, propertySchema(base.schema, key));
    synthesized.base = baseProperty(base.base, key);
    synthesized.access = { receiver: base, key };
    return synthesized;
  }
  return undefined;
}

/**
 * ESC's `is`: the same value, or two unknowns synthesized for the same key of the same receiver.
 * Synthesis makes a new value on every lookup, and merging one over another would link a chain
 * back into itself.
 */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.access === undefined || b.access === undefined) return false;
  return a.access.key === b.access.key && sameValue(a.access.receiver, b.access.receiver);
}

/** merge(v, b) of §10.2: layers `v` over `b`, mutating `v`. */
export function mergeValue(value: Value, base: Value | undefined): void {
  if (base === undefined || sameValue(value, base)) return;
  if (value.base !== undefined) mergeValue(value.base, base);
  else value.base = base;
  const own = objectEntries(value);
  if (own !== undefined) {
    for (const [key, property] of own) mergeValue(property, baseProperty(value.base, key));
  }
  if (value.unknown) value.schema = mergeSchemas(value.base.schema, value.schema);
}

/**
 * A deep copy (data and base chain); shared sub-values stay shared within one copy. Each value
 * copied is charged to `budget` when given.
 */
export function copyValue(
  value: Value,
  budget?: BuildBudget,
  seen = new Map<Value, Value>(),
): Value {
  const done = seen.get(value);
  if (done !== undefined) return done;
  budget?.build();
  const copy: Value = { ...value };
  seen.set(value, copy);
  if (value.kind === 'array') {
    copy.data = (value.data as Value[]).map((item) => copyValue(item, budget, seen));
  } else if (value.kind === 'object') {
    const entries = new Map<string, Value>();
    for (const [key, item] of value.data as Map<string, Value>) {
      entries.set(key, copyValue(item, budget, seen));
    }
    copy.data = entries;
  }
  if (value.base !== undefined) copy.base = copyValue(value.base, budget, seen);
  return copy;
}

/** containsUnknowns: the flag itself or any element / merged property, deeply. */
export function containsUnknowns(value: Value): boolean {
  if (value.unknown) return true;
  const items = arrayItems(value);
  if (items !== undefined) return items.some(containsUnknowns);
  if (value.kind === 'object') {
    for (const key of valueKeys(value)) {
      const property = valueProperty(value, key);
      if (property !== undefined && containsUnknowns(property)) return true;
    }
  }
  return false;
}

/** containsSecrets: the flag itself or any element / merged property, deeply. */
export function containsSecrets(value: Value): boolean {
  if (value.secret) return true;
  const items = arrayItems(value);
  if (items !== undefined) return items.some(containsSecrets);
  if (value.kind === 'object') {
    for (const key of valueKeys(value)) {
      const property = valueProperty(value, key);
      if (property !== undefined && containsSecrets(property)) return true;
    }
  }
  return false;
}

/** Flags every value in the tree secret (provider outputs marked secret, fromJSON of a secret). */
export function makeDeeplySecret(value: Value): void {
  value.secret = true;
  const items = arrayItems(value);
  if (items !== undefined) for (const item of items) makeDeeplySecret(item);
  const entries = objectEntries(value);
  if (entries !== undefined) for (const item of entries.values()) makeDeeplySecret(item);
}

/**
 * Turns plain data (a provider's output, the execution context) into values defined by `def`,
 * charging `budget` when given.
 */
export function valueFromPlain(
  plain: ProviderOutput | undefined,
  def: ValueOrigin,
  budget?: BuildBudget,
): Value {
  if (plain instanceof SecretOutput) {
    const value = valueFromPlain(plain.value, def, budget);
    makeDeeplySecret(value);
    return value;
  }
  budget?.build();
  if (plain === null || plain === undefined) return knownValue(def, 'null', null);
  switch (typeof plain) {
    case 'boolean':
      return knownValue(def, 'boolean', plain);
    case 'number':
      return knownValue(def, 'number', numberText(plain));
    case 'string':
      budget?.string(plain.length);
      return knownValue(def, 'string', plain);
    default:
      break;
  }
  if (Array.isArray(plain)) {
    budget?.collection(plain.length);
    return knownValue(
      def,
      'array',
      (plain as readonly ProviderOutput[]).map((item) => valueFromPlain(item, def, budget)),
    );
  }
  const fields = Object.entries(plain as Record<string, ProviderOutput>);
  budget?.collection(fields.length);
  const entries = new Map<string, Value>();
  for (const [key, item] of fields) entries.set(key, valueFromPlain(item, def, budget));
  return knownValue(def, 'object', entries);
}

function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

/**
 * The plain data of a value (merged keys, secrets revealed) as handed to providers. Unknown parts
 * are left out: a provider only ever sees them for rotate-only inputs outside rotation.
 */
export function valueToPlain(value: Value): PlainValue | undefined {
  switch (value.kind) {
    case 'unknown':
      return undefined;
    case 'null':
      return null;
    case 'boolean':
      return value.data as boolean;
    case 'number':
      return Number(value.data);
    case 'string':
      return value.data as string;
    case 'array':
      return (value.data as Value[]).map((item) => valueToPlain(item) ?? null);
    case 'object': {
      const out: Record<string, PlainValue> = {};
      for (const key of valueKeys(value)) {
        const property = valueProperty(value, key);
        const plain = property === undefined ? undefined : valueToPlain(property);
        if (plain !== undefined) out[key] = plain;
      }
      return out;
    }
  }
}

/**
 * merge(top, base) of §10.2 without touching `top`: the result shares every part of `top` that the
 * merge leaves unchanged (keys the base does not have), and copies only the spine and the
 * overlapping keys. Lets one flattened import be layered into many importers.
 */
export function layerValue(top: Value, base: Value | undefined, budget?: BuildBudget): Value {
  if (base === undefined || sameValue(top, base)) return top;
  budget?.build();
  const layered: Value = { ...top };
  layered.base = top.base === undefined ? base : layerValue(top.base, base, budget);
  if (top.kind === 'object') {
    const entries = new Map<string, Value>();
    for (const [key, property] of top.data as Map<string, Value>) {
      entries.set(key, layerValue(property, baseProperty(layered.base, key), budget));
    }
    layered.data = entries;
  }
  if (layered.unknown) layered.schema = mergeSchemas(layered.base.schema, layered.schema);
  return layered;
}

/**
 * A fresh copy of a value whose base chains are compacted to at most three levels, observably the
 * same as the whole chain (language-spec §2.3, §10.2) for keys, properties, merges and diagnostics:
 *
 * - an object keeps its own entries; the entries it inherits through the consecutive objects of its
 *   chain move to one merged map (which remembers the deepest object's keys, the candidates of
 *   ESC's "did you mean");
 * - the first value of the chain that is not an object stays below that map: it hides whatever a
 *   later merge puts under it, as in ESC, where `keys()` stops at a value that is not a map. An
 *   unknown keeps its own (compacted) chain, which its schema and its synthesized properties read;
 *   the chain under any other value is visible only in traces and is dropped.
 *
 * Importing this instead of the whole chain keeps an import graph's cost linear: ESC's chains
 * repeat a shared import once per path to it. Only the trace chains of the detailed export are
 * shorter.
 */
export function compactValue(value: Value, budget?: BuildBudget): Value {
  budget?.build();
  const copy: Value = { ...value, base: undefined };
  switch (value.kind) {
    case 'array':
      copy.data = (value.data as Value[]).map((item) => compactValue(item, budget));
      return copy;
    case 'unknown':
      if (value.base !== undefined) copy.base = compactValue(value.base, budget);
      return copy;
    case 'object':
      break;
    default:
      return copy;
  }
  const own = value.data as Map<string, Value>;
  const entries = new Map<string, Value>();
  for (const [key, item] of own) entries.set(key, compactValue(item, budget));
  copy.data = entries;
  const inherited = new Map<string, Value>();
  let deepest: Value | undefined;
  let level = value.base;
  for (; level !== undefined && level.kind === 'object'; level = level.base) {
    deepest = level;
    for (const [key, item] of level.data as Map<string, Value>) {
      if (!own.has(key) && !inherited.has(key)) inherited.set(key, compactValue(item, budget));
    }
  }
  const stopper = level === undefined ? undefined : compactValue(level, budget);
  if (deepest === undefined) {
    copy.base = stopper;
    return copy;
  }
  const merged = knownValue(deepest.def, 'object', inherited);
  merged.suggestedKeys = deepest.suggestedKeys ?? [...(deepest.data as Map<string, Value>).keys()];
  merged.base = stopper;
  copy.base = merged;
  return copy;
}

/** Like valueToPlain, with secret parts wrapped in SecretOutput (see OpenOptions). */
export function valueToMarkedPlain(value: Value): ProviderOutput | undefined {
  const plain = markedChildren(value);
  return plain !== undefined && value.secret ? new SecretOutput(plain) : plain;
}

function markedChildren(value: Value): ProviderOutput | undefined {
  switch (value.kind) {
    case 'array':
      return (value.data as Value[]).map((item) => valueToMarkedPlain(item) ?? null);
    case 'object': {
      const out: Record<string, ProviderOutput> = {};
      for (const key of valueKeys(value)) {
        const property = valueProperty(value, key);
        const plain = property === undefined ? undefined : valueToMarkedPlain(property);
        if (plain !== undefined) out[key] = plain;
      }
      return out;
    }
    default:
      return valueToPlain(value);
  }
}
