// Turns the evaluated `schema:` argument of fn::validate into a Schema (language-spec §4.11):
// type it against the meta-schema, then convert and compile it.
import { arrayItems, valueKeys, valueProperty, type Value } from './value.js';
import { setOwn } from '../schema/_set-own.js';
import { compileSchema } from '../schema/compile-schema.js';
import { JSON_SCHEMA_SCHEMA } from '../schema/json-schema-schema.js';
import { JsonNumber, type JsonValue, type Schema } from '../schema/schema.js';
import { validateValue, type ValidationReporter } from './validate-value.js';

class ConversionError extends Error {}

const MAX_UINT64 = 18446744073709551615n;

function containsUnknowns(v: Value): boolean {
  if (v.unknown || v.kind === 'unknown') return true;
  if (v.kind === 'array') return (arrayItems(v) ?? []).some(containsUnknowns);
  if (v.kind === 'object') {
    return valueKeys(v).some((k) => {
      const item = valueProperty(v, k);
      return item !== undefined && containsUnknowns(item);
    });
  }
  return false;
}

function entries(v: Value): [string, Value][] {
  const out: [string, Value][] = [];
  for (const key of valueKeys(v)) {
    const item = valueProperty(v, key);
    if (item !== undefined) out.push([key, item]);
  }
  return out;
}

function mismatch(v: Value, field: string, want: string): ConversionError {
  return new ConversionError(
    `json: cannot unmarshal ${v.kind} into Go struct field Schema.${field} of type ${want}`,
  );
}

function toJson(v: Value): JsonValue {
  switch (v.kind) {
    case 'null':
      return null;
    case 'boolean':
      return v.data as boolean;
    case 'number':
      return new JsonNumber(v.data as string);
    case 'string':
      return v.data as string;
    case 'array':
      return (arrayItems(v) ?? []).map(toJson);
    case 'object': {
      const out: Record<string, JsonValue> = {};
      for (const [key, item] of entries(v)) setOwn(out, key, toJson(item));
      return out;
    }
    default:
      throw new ConversionError('unknown value');
  }
}

function toString(v: Value, field: string): string {
  if (v.kind !== 'string') throw mismatch(v, field, 'string');
  return v.data as string;
}

function toBoolean(v: Value, field: string): boolean {
  if (v.kind !== 'boolean') throw mismatch(v, field, 'bool');
  return v.data as boolean;
}

function toNumber(v: Value, field: string): number {
  if (v.kind !== 'number') throw mismatch(v, field, 'json.Number');
  return Number(v.data);
}

/** Length and count bounds must be unsigned integers, checked on their text as Go's ParseUint does. */
function toUint(v: Value, field: string): number {
  if (v.kind !== 'number') throw mismatch(v, field, 'json.Number');
  const text = v.data as string;
  if (!/^[0-9]+$/.test(text))
    throw new ConversionError(`strconv.ParseUint: parsing "${text}": invalid syntax`);
  if (BigInt(text) > MAX_UINT64)
    throw new ConversionError(`strconv.ParseUint: parsing "${text}": value out of range`);
  return Number(text);
}

function toArray<T>(v: Value, field: string, item: (v: Value) => T): T[] {
  if (v.kind !== 'array') throw mismatch(v, field, 'array');
  return (arrayItems(v) ?? []).map(item);
}

function toMap<T>(v: Value, field: string, item: (v: Value) => T): Record<string, T> {
  if (v.kind !== 'object') throw mismatch(v, field, 'map');
  const out: Record<string, T> = {};
  for (const [key, value] of entries(v)) setOwn(out, key, item(value));
  return out;
}

function toSchema(v: Value): Schema {
  if (v.kind === 'boolean') return v.data as boolean;
  if (v.kind !== 'object')
    throw new ConversionError(
      `json: cannot unmarshal ${v.kind} into Go value of type schema.Schema`,
    );
  const s: Record<string, unknown> = {};
  for (const [key, item] of entries(v)) {
    switch (key) {
      case '$defs':
      case 'properties':
        s[key] = toMap(item, key, toSchema);
        break;
      case 'anyOf':
      case 'oneOf':
      case 'prefixItems':
        s[key] = toArray(item, key, toSchema);
        break;
      case 'items':
      case 'additionalProperties':
        s[key] = toSchema(item);
        break;
      case '$ref':
      case 'pattern':
      case 'title':
      case 'description':
        s[key] = toString(item, key);
        break;
      case 'type':
        s[key] = toString(item, key);
        break;
      case 'const':
      case 'default':
        // JSON null decodes to Go's nil, which means "absent".
        if (item.kind !== 'null') s[key] = toJson(item);
        break;
      case 'enum':
      case 'examples':
        s[key] = toArray(item, key, toJson);
        break;
      case 'multipleOf':
      case 'maximum':
      case 'exclusiveMaximum':
      case 'minimum':
      case 'exclusiveMinimum':
        s[key] = toNumber(item, key);
        break;
      case 'maxLength':
      case 'minLength':
      case 'maxItems':
      case 'minItems':
      case 'maxProperties':
      case 'minProperties':
        s[key] = toUint(item, key);
        break;
      case 'uniqueItems':
      case 'deprecated':
      case 'secret':
        s[key] = toBoolean(item, key);
        break;
      case 'required':
      case 'rotateOnly':
        s[key] = toArray(item, key, (x) => toString(x, key));
        break;
      case 'dependentRequired':
        s[key] = toMap(item, key, (x) => toArray(x, key, (y) => toString(y, key)));
        break;
      default:
      // Unknown keywords are ignored, as Go's JSON decoding ignores unknown fields.
    }
  }
  return s;
}

/**
 * The Schema that `value` describes, or undefined when it cannot be used: typing against the
 * meta-schema failed (those failures are reported), the value is (partly) unknown (silently), or
 * conversion/compilation failed (`invalid schema: <err>`, reported at `value`).
 */
export function schemaFromValue(value: Value, report: ValidationReporter): Schema | undefined {
  if (!validateValue(value, JSON_SCHEMA_SCHEMA, report)) return undefined;
  if (containsUnknowns(value)) return undefined;
  let schema: Schema;
  try {
    schema = toSchema(value);
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    report(value, `invalid schema: ${err.message}`);
    return undefined;
  }
  const compiled = compileSchema(schema);
  if (!compiled.ok) {
    report(value, `invalid schema: ${compiled.error}`);
    return undefined;
  }
  return schema;
}
