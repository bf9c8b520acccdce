import { setOwn } from '../schema/_set-own.js';
import type { Schema } from '../schema/schema.js';
import { literalSchema, recordSchema, tupleSchema } from '../schema/synthesize-schema.js';
import { arrayItems, objectEntries, type Value } from './value.js';

/**
 * The schema of a value computed from its data (provider outputs, fromJSON, context): literal
 * schemas for scalars, tuples and records for containers (own entries only), and the carried
 * schema for unknowns.
 */
export function schemaOfValue(value: Value): Schema {
  if (value.unknown || value.kind === 'unknown') return value.schema;
  switch (value.kind) {
    case 'null':
      return literalSchema('null', null);
    case 'boolean':
      return literalSchema('boolean', value.data as boolean);
    case 'number':
      return literalSchema('number', value.data as string);
    case 'string':
      return literalSchema('string', value.data as string);
    case 'array':
      return tupleSchema((arrayItems(value) ?? []).map(schemaOfValue));
    case 'object': {
      const properties: Record<string, Schema> = {};
      for (const [key, item] of objectEntries(value) ?? [])
        setOwn(properties, key, schemaOfValue(item));
      return recordSchema(properties);
    }
  }
}
