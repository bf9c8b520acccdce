// JSON values with numbers kept as their text, shared by the schema, value and output layers.

/**
 * A JSON value as it appears in `const`, `enum` and `default`. Numbers from YAML or JSON keep their
 * text as a {@link JsonNumber} (ESC compares const numbers by text: `1.0` ≠ `1`); schemas written
 * in code may use plain numbers.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | JsonNumber
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A number kept as its decimal text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}
