import { arrayItems, valueKeys, valueProperty, type Value } from '../value/value.js';
import { JsonNumber, type JsonValue } from '../schema/schema.js';

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

export interface RenderJsonOptions {
  /** Replace every secret value with `"[secret]"`. */
  readonly redact: boolean;
}

/**
 * The plain JSON form of a value (language-spec §5, ESC `Value.ToJSON`): secrets render as
 * `"[secret]"` when redacting (tested before unknown-ness), unknowns as `"[unknown]"`, objects with
 * their merged key set, numbers as {@link JsonNumber} text (non-finite ones, which JSON cannot
 * write, as the strings `"NaN"`, `"+Inf"`, `"-Inf"`).
 */
export function valueToPlainJson(value: Value, options: RenderJsonOptions): JsonValue {
  if (value.secret && options.redact) return '[secret]';
  if (value.unknown || value.kind === 'unknown') return '[unknown]';
  switch (value.kind) {
    case 'null':
      return null;
    case 'boolean':
      return value.data as boolean;
    case 'number': {
      // `.nan` and `.inf` have no JSON form: their text (`NaN`, `+Inf`, `-Inf`) as a string.
      const text = value.data as string;
      return JSON_NUMBER.test(text) ? new JsonNumber(text) : text;
    }
    case 'string':
      return value.data as string;
    case 'array':
      return (arrayItems(value) ?? []).map((item) => valueToPlainJson(item, options));
    case 'object': {
      const out: Record<string, JsonValue> = {};
      for (const key of valueKeys(value)) {
        const property = valueProperty(value, key);
        if (property === undefined) continue;
        // defineProperty so that a key named "__proto__" stays an ordinary own key.
        Object.defineProperty(out, key, {
          value: valueToPlainJson(property, options),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}
