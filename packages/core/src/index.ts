// The public API of @strata/core. Internal files (named `_*.ts`) are never re-exported.

// language: parse and evaluate
export { parseEnvironment } from './ast/parse-environment.js';
export type { EnvironmentDecl, ImportDecl, ParseResult } from './ast/environment-decl.js';
export type * from './ast/expr.js';
export type * from './ast/property-access.js';
export type * from './parse/syntax-node.js';
export {
  evaluateEnvironment,
  type EvaluateOptions,
  type EvaluationResult,
  type EvaluationMode,
  type RotationPatch,
} from './eval/evaluate-environment.js';
export type { Value, ValueKind, ValueOrigin } from './value/value.js';
export { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits } from './eval/evaluation-limits.js';
export { valueKeys, valueProperty } from './value/value.js';
export { collectImportNames } from './imports/collect-import-names.js';
export {
  SecretOutput,
  type Decrypter,
  type Encrypter,
  type EnvironmentLoader,
  type ExecutionContext,
  type LoadedEnvironment,
  type PlainValue,
  type Provider,
  type ProviderOutput,
  type ProviderRegistry,
  type ProviderSchemas,
  type Rotator,
  type RotatorSchemas,
} from './eval/host-interfaces.js';
export {
  JsonNumber,
  type JsonValue,
  type ObjectSchema,
  type Schema,
  type SchemaType,
} from './schema/schema.js';
export { decodeCiphertext, encodeCiphertext } from './secrets/ciphertext-envelope.js';

// diagnostics
export type { Diagnostic, Position, Severity, SourceRange } from './diagnostics/diagnostic.js';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostics/diagnostic-codes.js';
export * from './diagnostics/render-diagnostics.js';

// projection of an opened environment
export * from './projection/render-value-json.js';
export * from './value/value-to-string.js';
export * from './projection/project-environment.js';
export * from './projection/format-output.js';

// stores, the environments service, secrets at rest
export * from './store/index.js';
export * from './service/index.js';
export * from './crypto/index.js';
