// Validation of values against schemas (language-spec §8.2, messages §8.3). Known values are
// checked keyword by keyword, collecting every failure; unknown values are checked through their
// schema, which must be compatible with the accepting one.
import { appendPathIndex, appendPathKey } from '../internal/_path.js';
import { compareUtf8 } from '../internal/_compare-utf8.js';
import { formatGoFloat } from '../internal/_go-float.js';
import { arrayItems, objectEntries, valueKeys, valueProperty, type Value } from './value.js';
import {
  compareDecimal,
  decimalOfNumber,
  isMultipleOf,
  parseDecimal,
  type Decimal,
} from '../schema/_decimal.js';
import { goJsonEncode } from '../internal/_go-json.js';
import { goQuote } from '../internal/_go-quote.js';
import { compileSchema, schemaPattern, schemaRef } from '../schema/compile-schema.js';
import { JsonNumber, type JsonValue, type ObjectSchema, type Schema } from '../schema/schema.js';

/** Receives one validation error: the value to blame (its `def` locates it) and the summary. */
export type ValidationReporter = (at: Value, summary: string) => void;

interface Diag {
  readonly at: Value;
  readonly summary: string;
}

/**
 * Where a failure is reported. Known values blame themselves; schema-level failures inside an
 * unknown value blame the unknown value with the relative path as a prefix (`bar: ...`).
 */
interface Loc {
  readonly at: Value;
  readonly path: string;
  readonly prefix: boolean;
}

function locOf(value: Value): Loc {
  return { at: value, path: '', prefix: false };
}

function propertyLoc(loc: Loc, key: string): Loc {
  return { at: loc.at, path: appendPathKey(loc.path, key), prefix: true };
}

function indexLoc(loc: Loc, index: number): Loc {
  return { at: loc.at, path: appendPathIndex(loc.path, index), prefix: true };
}

/**
 * The (subject, schema) pairs being checked on the current call path. Recursive schemas (`$ref`
 * cycles, self-referencing anyOf, recursive schemas on both sides of a schema-level check) would
 * otherwise recurse forever, so a pair met again is assumed to hold, as in coinductive subtyping.
 */
class ActivePairs {
  private readonly pairs = new WeakMap<object, WeakSet<object>>();

  /** Runs `check` unless the pair is already being checked (then true). */
  guard(subject: object, schema: object, check: () => boolean): boolean {
    let schemas = this.pairs.get(subject);
    if (schemas === undefined) {
      schemas = new WeakSet();
      this.pairs.set(subject, schemas);
    }
    if (schemas.has(schema)) return true;
    schemas.add(schema);
    try {
      return check();
    } finally {
      schemas.delete(schema);
    }
  }
}

/** Go's json.Marshal of a const, as upstream's `jsonRepr`. */
function jsonRepr(c: JsonValue): string {
  try {
    return goJsonEncode(c);
  } catch (err) {
    return `<error formatting constant: ${(err as Error).message}>`;
  }
}

function isUnknown(value: Value): boolean {
  return value.unknown || value.kind === 'unknown';
}

function isAny(schema: Schema | undefined): schema is true | undefined {
  return schema === undefined || schema === true;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function sortedKeys(record: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.keys(record ?? {}).sort(compareUtf8);
}

function has<T>(
  record: Readonly<Record<string, T>> | undefined,
  key: string,
): record is Readonly<Record<string, T>> {
  return record !== undefined && Object.hasOwn(record, key);
}

/** Const equality as upstream: numbers compare by decimal text, objects by own entries. */
function equalsConst(v: Value, c: JsonValue): boolean {
  if (c === null) return v.data === null || v.data === undefined;
  if (typeof c === 'boolean') return v.kind === 'boolean' && v.data === c;
  if (typeof c === 'number') return v.kind === 'number' && v.data === formatGoFloat(c);
  if (typeof c === 'string') return v.kind === 'string' && v.data === c;
  if (c instanceof JsonNumber) return v.kind === 'number' && v.data === c.text;
  if (Array.isArray(c)) {
    const items = arrayItems(v);
    const want = c as readonly JsonValue[];
    return (
      items !== undefined &&
      items.length === want.length &&
      want.every((x, i) => equalsConst(items[i] as Value, x))
    );
  }
  const entries = objectEntries(v);
  const want = c as { readonly [key: string]: JsonValue };
  const keys = Object.keys(want);
  return (
    entries !== undefined &&
    entries.size === keys.length &&
    keys.every((k) => {
      const item = entries.get(k);
      return item !== undefined && equalsConst(item, want[k] as JsonValue);
    })
  );
}

class Validator {
  readonly diags: Diag[] = [];

  constructor(private readonly active: ActivePairs) {}

  private error(loc: Loc, summary: string): false {
    this.diags.push({ at: loc.at, summary: loc.prefix ? `${loc.path}: ${summary}` : summary });
    return false;
  }

  /** Runs `check` on each alternative; when none passes, reports all their failures, then `summary`. */
  private anyAlternative(
    loc: Loc,
    alternatives: readonly Schema[],
    check: (v: Validator, s: Schema) => boolean,
  ): boolean {
    if (alternatives.length === 0) return true;
    let matched = false;
    const all: Diag[] = [];
    for (const alternative of alternatives) {
      const sub = new Validator(this.active);
      if (check(sub, alternative)) matched = true;
      all.push(...sub.diags);
    }
    if (matched) return true;
    this.diags.push(...all);
    return this.error(loc, 'at least one subschema must match');
  }

  element(v: Value, accept: Schema | undefined): boolean {
    const loc = locOf(v);
    if (typeof accept === 'object') {
      const compiled = compileSchema(accept);
      if (!compiled.ok) return this.error(loc, `internal error: invalid schema: ${compiled.error}`);
    }
    if (isAny(accept)) return true;
    if (accept === false) return false;
    if (isUnknown(v)) return this.schemaType(v.schema, accept, loc);
    return this.active.guard(v, accept, () => this.knownElement(v, accept, loc));
  }

  private knownElement(v: Value, accept: ObjectSchema, loc: Loc): boolean {
    const ref = schemaRef(accept);
    const refOK = ref === undefined || this.element(v, ref);
    const anyOfOK = this.anyAlternative(loc, accept.anyOf ?? [], (sub, s) => sub.element(v, s));
    const oneOfOK = this.oneOf(v, accept, loc);
    const constOK = this.constValue(v, accept, loc);
    const enumOK = this.enumValue(v, accept, loc);
    const typeOK = this.typed(v, accept, loc);
    return refOK && anyOfOK && oneOfOK && constOK && enumOK && typeOK;
  }

  private oneOf(v: Value, accept: ObjectSchema, loc: Loc): boolean {
    const alternatives = accept.oneOf ?? [];
    if (alternatives.length === 0) return true;
    let matched = false;
    const all: Diag[] = [];
    for (const alternative of alternatives) {
      const sub = new Validator(this.active);
      if (sub.element(v, alternative)) {
        if (matched) return this.error(loc, 'exactly one subschema may match');
        matched = true;
      }
      all.push(...sub.diags);
    }
    if (matched) return true;
    this.diags.push(...all);
    return this.error(loc, 'exactly one subschema must match');
  }

  private constValue(v: Value, accept: ObjectSchema, loc: Loc): boolean {
    // A JSON `null` const decodes to Go's nil, which upstream treats as "no const".
    if (accept.const === undefined || accept.const === null || equalsConst(v, accept.const))
      return true;
    return this.error(loc, `expected ${jsonRepr(accept.const)}`);
  }

  private enumValue(v: Value, accept: ObjectSchema, loc: Loc): boolean {
    const options = accept.enum ?? [];
    if (options.length === 0 || options.some((c) => equalsConst(v, c))) return true;
    if (options.length === 1)
      return this.error(loc, `expected ${jsonRepr(options[0] as JsonValue)}`);
    return this.error(loc, `expected one of ${jsonRepr(options)}`);
  }

  private typed(v: Value, accept: ObjectSchema, loc: Loc): boolean {
    const actual = v.kind;
    if (accept.type && accept.type !== actual)
      return this.error(loc, `expected ${accept.type}, got ${actual}`);
    switch (actual) {
      case 'number':
        return this.numberValue(v.data as string, accept, loc);
      case 'string':
        return this.stringValue(v.data as string, accept, loc);
      case 'array':
        return this.arrayValue(v, accept, loc);
      case 'object':
        return this.objectValue(v, accept, loc);
      default:
        return true;
    }
  }

  private numberValue(text: string, accept: ObjectSchema, loc: Loc): boolean {
    const n = parseDecimal(text);
    if (n === undefined) {
      return this.error(loc, `internal error: invalid number ${goQuote(text)} (invalid syntax)`);
    }
    let ok = true;
    const bound = (
      limit: number | undefined,
      fails: (cmp: number) => boolean,
      message: string,
    ): void => {
      if (limit === undefined) return;
      const d = decimalOfNumber(limit);
      if (d !== undefined && fails(compareDecimal(n, d)))
        ok = this.error(loc, `${message}${formatGoFloat(limit)}`);
    };
    if (accept.multipleOf !== undefined) {
      const m: Decimal | undefined = decimalOfNumber(accept.multipleOf);
      if (m === undefined || !isMultipleOf(n, m)) {
        ok = this.error(loc, `expected a multiple of ${formatGoFloat(accept.multipleOf)}`);
      }
    }
    bound(accept.minimum, (c) => c < 0, 'expected a number greater than or equal to ');
    bound(accept.exclusiveMinimum, (c) => c <= 0, 'expected a number greater than ');
    // Upstream's message lacks the space before the number.
    bound(accept.maximum, (c) => c > 0, 'expected a number less than or equal to');
    bound(accept.exclusiveMaximum, (c) => c >= 0, 'expected a number less than ');
    return ok;
  }

  private stringValue(s: string, accept: ObjectSchema, loc: Loc): boolean {
    let ok = true;
    const length = utf8Length(s);
    if (accept.minLength !== undefined && length < accept.minLength) {
      ok = this.error(
        loc,
        `expected a string of at least length ${formatGoFloat(accept.minLength)}`,
      );
    }
    if (accept.maxLength !== undefined && length > accept.maxLength) {
      ok = this.error(
        loc,
        `expected a string of at most length ${formatGoFloat(accept.maxLength)}`,
      );
    }
    const pattern = schemaPattern(accept);
    if (pattern !== undefined && !pattern.test(s)) {
      ok = this.error(loc, `string must match the pattern ${goQuote(accept.pattern ?? '')}`);
    }
    return ok;
  }

  private arrayValue(v: Value, accept: ObjectSchema, loc: Loc): boolean {
    const items = arrayItems(v) ?? [];
    let ok = true;
    if (accept.minItems !== undefined && items.length < accept.minItems) {
      ok = this.error(
        loc,
        `expected an array with at least ${formatGoFloat(accept.minItems)} items`,
      );
    }
    if (accept.maxItems !== undefined && items.length > accept.maxItems) {
      ok = this.error(
        loc,
        `expected an array with at most ${formatGoFloat(accept.maxItems)} items`,
      );
    }
    const prefix = accept.prefixItems ?? [];
    items.forEach((item, i) => {
      // Elements blame themselves (their own defining expressions), as upstream does.
      if (!this.element(item, i < prefix.length ? prefix[i] : accept.items)) ok = false;
    });
    return ok;
  }

  private objectValue(v: Value, accept: ObjectSchema, loc: Loc): boolean {
    const keys = valueKeys(v);
    let ok = true;
    if (accept.minProperties !== undefined && keys.length < accept.minProperties) {
      ok = this.error(
        loc,
        `expected an object with at least ${formatGoFloat(accept.minProperties)} properties`,
      );
    }
    if (accept.maxProperties !== undefined && keys.length > accept.maxProperties) {
      ok = this.error(
        loc,
        `expected an object with at most ${formatGoFloat(accept.maxProperties)} properties`,
      );
    }
    const present = new Set(keys);
    for (const key of keys) {
      const item = valueProperty(v, key);
      if (item === undefined) continue;
      const schema = has(accept.properties, key)
        ? accept.properties[key]
        : accept.additionalProperties;
      if (!this.element(item, schema)) ok = false;
    }
    const missing = (accept.required ?? []).filter((k) => !present.has(k));
    for (const key of sortedKeys(accept.dependentRequired)) {
      if (present.has(key))
        missing.push(...(accept.dependentRequired?.[key] ?? []).filter((k) => !present.has(k)));
    }
    if (missing.length > 0)
      ok = this.error(loc, `missing required properties: ${missing.join(', ')}`);
    return ok;
  }

  /** Schema-against-schema: can a value of schema `x` be accepted by `accept`? */
  schemaType(x: Schema | undefined, accept: Schema | undefined, loc: Loc): boolean {
    if (isAny(accept)) return true;
    if (accept === false) return false;
    if (isAny(x)) return true;
    if (x === false) return false;
    return this.active.guard(x, accept, () => this.schemaPair(x, accept, loc));
  }

  private schemaPair(x: ObjectSchema, accept: ObjectSchema, loc: Loc): boolean {
    const ref = schemaRef(accept);
    const refOK = ref === undefined || this.schemaType(x, ref, loc);
    const xRef = schemaRef(x);
    const xRefOK = xRef === undefined || this.schemaType(xRef, accept, loc);
    const xAnyOfOK = this.anyAlternative(loc, x.anyOf ?? [], (sub, s) =>
      sub.schemaType(s, accept, loc),
    );
    const xOneOfOK = this.anyAlternative(loc, x.oneOf ?? [], (sub, s) =>
      sub.schemaType(s, accept, loc),
    );
    const typeOK =
      !x.type ||
      !accept.type ||
      x.type === accept.type ||
      this.error(loc, `expected ${accept.type}, got ${x.type}`);
    // oneOf is treated like anyOf here: a schema may describe values matching different alternatives.
    const anyOfOK = this.anyAlternative(loc, accept.anyOf ?? [], (sub, s) =>
      sub.schemaType(x, s, loc),
    );
    const oneOfOK = this.anyAlternative(loc, accept.oneOf ?? [], (sub, s) =>
      sub.schemaType(x, s, loc),
    );
    let complexOK = true;
    if (x.type === 'array') complexOK = this.schemaArray(x, accept, loc);
    else if (x.type === 'object') complexOK = this.schemaObject(x, accept, loc);
    return refOK && xRefOK && xAnyOfOK && xOneOfOK && typeOK && anyOfOK && oneOfOK && complexOK;
  }

  private schemaArray(x: ObjectSchema, accept: ObjectSchema, loc: Loc): boolean {
    let ok = true;
    const xPrefix = x.prefixItems ?? [];
    const aPrefix = accept.prefixItems ?? [];
    const common = Math.min(xPrefix.length, aPrefix.length);
    for (let i = 0; i < common; i++) {
      if (!this.schemaType(xPrefix[i], aPrefix[i], indexLoc(loc, i))) ok = false;
    }
    // Extra tuple items on either side meet the other side's `items`.
    for (let i = common; i < xPrefix.length; i++) {
      if (!this.schemaType(xPrefix[i], accept.items, indexLoc(loc, i))) ok = false;
    }
    if (xPrefix.length <= common) {
      for (let i = common; i < aPrefix.length; i++) {
        if (!this.schemaType(x.items, aPrefix[i], indexLoc(loc, i))) ok = false;
      }
    }
    if (x.items !== undefined && x.items !== false && !this.schemaType(x.items, accept.items, loc))
      ok = false;
    return ok;
  }

  private schemaObject(x: ObjectSchema, accept: ObjectSchema, loc: Loc): boolean {
    let ok = true;
    for (const name of sortedKeys(x.properties)) {
      const px = x.properties?.[name];
      const pa = has(accept.properties, name)
        ? accept.properties[name]
        : accept.additionalProperties;
      if (!this.schemaType(px, pa, propertyLoc(loc, name))) ok = false;
    }
    if (x.additionalProperties === undefined) {
      // A closed schema must promise every property the accepting schema requires.
      const required = new Set(x.required ?? []);
      const check = (names: readonly string[]): void => {
        for (const name of names) {
          if (!required.has(name))
            ok = this.error(propertyLoc(loc, name), 'missing required property');
        }
      };
      check(accept.required ?? []);
      for (const name of sortedKeys(accept.dependentRequired)) {
        if (required.has(name)) check(accept.dependentRequired?.[name] ?? []);
      }
    } else if (x.additionalProperties !== false) {
      if (!this.schemaType(x.additionalProperties, accept.additionalProperties, loc)) ok = false;
    }
    return ok;
  }
}

/**
 * Validates `value` against `schema` (§8.2), reporting every failure through `report` in upstream's
 * emission order (alternatives' failures before their anyOf/oneOf summary). Returns whether the
 * value is accepted; a `false` schema rejects without a message.
 */
export function validateValue(value: Value, schema: Schema, report: ValidationReporter): boolean {
  const validator = new Validator(new ActivePairs());
  const ok = validator.element(value, schema);
  for (const d of validator.diags) report(d.at, d.summary);
  return ok;
}
