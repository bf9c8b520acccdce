/** How bad a diagnostic is: an error stops a write or an open, a warning does not. */
export type Severity = 'error' | 'warning';

/**
 * The closed set of diagnostic codes. Severity is data: each code has exactly one.
 * Summaries come from the call site because ESC fixes their wording.
 */
export const DIAGNOSTIC_CODES = {
  // YAML layer and document shape (load)
  YAML_SYNTAX: 'error',
  YAML_ALIAS: 'error',
  YAML_KEY_NOT_STRING: 'error',
  DOCUMENT_NOT_OBJECT: 'error',
  DOCUMENT_FIELD_TYPE: 'error',
  UNKNOWN_DOCUMENT_FIELD: 'warning',
  DUPLICATE_DOCUMENT_KEY: 'warning',
  INVALID_IMPORT: 'error',
  TOP_LEVEL_BUILTIN: 'error',
  INVALID_OBJECT_KEY: 'error',
  ILLEGAL_BUILTIN_CALL: 'error',
  RESERVED_PREFIX: 'error',
  INVALID_ACCESS_SYNTAX: 'error',
  INVALID_BUILTIN_ARGUMENT: 'error',
  // evaluation
  RESERVED_KEY: 'error',
  DUPLICATE_KEY: 'error',
  CYCLIC_REFERENCE: 'error',
  IMPORT_CYCLE: 'error',
  IMPORT_LOAD_FAILED: 'error',
  INVALID_ACCESS: 'error',
  UNKNOWN_PROPERTY: 'error',
  INVALID_CIPHERTEXT: 'error',
  DECRYPT_FAILED: 'error',
  PROVIDER_LOAD_FAILED: 'error',
  INVALID_PROVIDER_SCHEMA: 'error',
  PROVIDER_FAILED: 'error',
  ROTATE_FAILED: 'error',
  DECODE_FAILED: 'error',
  ENCODE_FAILED: 'error',
  INVALID_SCHEMA: 'error',
  VALIDATION_FAILED: 'error',
  FINAL_OVERRIDE: 'warning',
  EVALUATION_LIMIT: 'error',
  INTERNAL: 'error',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
