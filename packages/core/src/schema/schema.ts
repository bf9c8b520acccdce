/**
 * The JSON-Schema subset of ESC (language-spec §8.1). `true` accepts everything ("always"),
 * `false` nothing ("never"). Numeric bounds are plain numbers.
 */
export type Schema = boolean | ObjectSchema;

export type SchemaType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

import type { JsonValue } from '../internal/json-value.js';

export { JsonNumber, type JsonValue } from '../internal/json-value.js';

export interface ObjectSchema {
  readonly $defs?: Readonly<Record<string, Schema>>;
  readonly $ref?: string;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly prefixItems?: readonly Schema[];
  readonly items?: Schema;
  readonly additionalProperties?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly type?: SchemaType | '';
  readonly const?: JsonValue;
  readonly enum?: readonly JsonValue[];
  readonly multipleOf?: number;
  readonly maximum?: number;
  readonly exclusiveMaximum?: number;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly required?: readonly string[];
  readonly dependentRequired?: Readonly<Record<string, readonly string[]>>;
  readonly title?: string;
  readonly description?: string;
  readonly default?: JsonValue;
  readonly deprecated?: boolean;
  readonly examples?: readonly JsonValue[];
  /** ESC extension: the value is secret. */
  readonly secret?: boolean;
  /** ESC extension: input properties evaluated only while rotating (§6.4). */
  readonly rotateOnly?: readonly string[];
}
