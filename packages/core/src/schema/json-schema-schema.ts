// The meta-schema that types `fn::validate`'s `schema` argument (language-spec §8.1): a boolean,
// or an object whose known keywords have the right JSON types.
import type { ObjectSchema, Schema } from './schema.js';

const SCHEMA_REF: Schema = { $ref: '#/$defs/schema' };
const STRING_ARRAY: Schema = { type: 'array', items: { type: 'string' } };

export const JSON_SCHEMA_SCHEMA: ObjectSchema = {
  $defs: {
    schema: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          properties: {
            $defs: { type: 'object', additionalProperties: SCHEMA_REF },
            $ref: { type: 'string' },
            anyOf: { type: 'array', items: SCHEMA_REF },
            oneOf: { type: 'array', items: SCHEMA_REF },
            prefixItems: { type: 'array', items: SCHEMA_REF },
            items: SCHEMA_REF,
            additionalProperties: SCHEMA_REF,
            properties: { type: 'object', additionalProperties: SCHEMA_REF },
            type: {
              anyOf: [
                {
                  type: 'string',
                  enum: ['string', 'number', 'boolean', 'array', 'object', 'null'],
                },
              ],
            },
            const: {},
            enum: { type: 'array' },
            multipleOf: { type: 'number' },
            maximum: { type: 'number' },
            exclusiveMaximum: { type: 'number' },
            minimum: { type: 'number' },
            exclusiveMinimum: { type: 'number' },
            maxLength: { type: 'number' },
            minLength: { type: 'number' },
            pattern: { type: 'string' },
            maxItems: { type: 'number' },
            minItems: { type: 'number' },
            uniqueItems: { type: 'boolean' },
            maxProperties: { type: 'number' },
            minProperties: { type: 'number' },
            required: STRING_ARRAY,
            dependentRequired: { type: 'object', additionalProperties: STRING_ARRAY },
            title: { type: 'string' },
            description: { type: 'string' },
            default: {},
            deprecated: { type: 'boolean' },
            examples: { type: 'array' },
            secret: { type: 'boolean' },
            rotateOnly: STRING_ARRAY,
          },
        },
      ],
    },
  },
  $ref: '#/$defs/schema',
};
