// The public API of @strata/core, named one by one: nothing internal is published.

// language: parse and evaluate
export { parseEnvironment } from './ast/parse-environment.js';
export type { EnvironmentDecl, ImportDecl, ParseResult } from './ast/environment-decl.js';
export type {
  ArrayExpr,
  BooleanExpr,
  BuiltinExpr,
  ConcatExpr,
  Expr,
  ExprBase,
  InterpolateExpr,
  JoinExpr,
  NullExpr,
  NumberExpr,
  ObjectEntryExpr,
  ObjectExpr,
  OpenExpr,
  RotateExpr,
  SecretExpr,
  SplitExpr,
  StringExpr,
  SymbolExpr,
  UnaryBuiltinExpr,
  ValidateExpr,
} from './ast/expr.js';
export type { InterpolationPart, PropertyAccess, PropertyAccessor } from './ast/property-access.js';
export type {
  ArrayNode,
  BooleanNode,
  NullNode,
  NumberNode,
  ObjectEntry,
  ObjectNode,
  StringNode,
  SyntaxNode,
} from './parse/syntax-node.js';
export {
  evaluateEnvironment,
  type EvaluateOptions,
  type EvaluationResult,
  type EvaluationMode,
  type RotationPatch,
} from './eval/evaluate-environment.js';
export { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits } from './eval/evaluation-limits.js';
export { collectImportNames } from './imports/collect-import-names.js';
export type {
  Decrypter,
  Encrypter,
  EnvironmentLoader,
  ExecutionContext,
  LoadedEnvironment,
  Provider,
  ProviderRegistry,
  ProviderSchemas,
  Rotator,
  RotatorSchemas,
} from './eval/host-interfaces.js';
export { SecretOutput, type PlainValue, type ProviderOutput } from './value/plain-value.js';
export { ProviderInputError, type ProviderInputProblem } from './eval/provider-input-error.js';
export { JsonNumber, type JsonValue } from './internal/json-value.js';
export type { ObjectSchema, Schema, SchemaType } from './schema/schema.js';
export { decodeCiphertext, encodeCiphertext } from './secrets/ciphertext-envelope.js';

// values
export type { Value, ValueKind, ValueOrigin } from './value/value.js';
export { valueKeys, valueProperty } from './value/value.js';
export { formatPropertyPath, parsePropertyPath, type PathSegment } from './value/property-path.js';
export { valueAtPath } from './value/value-at-path.js';
export {
  toExportedString,
  toInternalString,
  type ExportedStringOptions,
  type StringConversion,
} from './value/value-to-string.js';

// diagnostics
export type { Diagnostic, Position, Severity, SourceRange } from './diagnostics/diagnostic.js';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostics/diagnostic-codes.js';
export {
  DEFAULT_DIAGNOSTICS_SHOWN,
  formatDiagnosticsEsc,
  renderDiagnostic,
  renderDiagnostics,
  type RenderOptions,
} from './diagnostics/render-diagnostics.js';

// projection of an opened environment
export { valueToPlainJson, type RenderJsonOptions } from './projection/render-value-json.js';
export { renderDetailed } from './projection/render-detailed.js';
export {
  fromEscDiagnostic,
  fromEscValue,
  parseEscJson,
  stringifyEscJson,
  toEscDiagnostic,
  toEscEnvironment,
  toEscExprs,
  toEscValue,
  type EscDiagnostic,
  type EscEnvironment,
  type EscPosition,
  type EscRange,
  type EscValue,
  type EscValueOptions,
} from './projection/esc-json.js';
export {
  environmentVariables,
  temporaryFiles,
  type ProjectedEntry,
  type ProjectionOptions,
} from './projection/project-environment.js';
export {
  formatOutput,
  formatOutputWithWarnings,
  isValidVariableName,
  type FormatOutputOptions,
  type FormattedOutput,
  type OutputFormat,
  type OutputWarning,
  type OutputWarningCode,
} from './projection/format-output.js';

// errors
export {
  AlreadyExistsError,
  AuthenticationError,
  DecryptError,
  DefinitionTooLargeError,
  DeletionProtectedError,
  InvalidArgumentError,
  InvalidDefinitionError,
  MasterKeyError,
  NotFoundError,
  PathConflictError,
  PermissionDeniedError,
  RevisionRetractedError,
  StoreConflictError,
  StoreCorruptError,
  StoreIoError,
  StrataError,
  type ErrorComponent,
} from './errors.js';

// stores
export { AUDIT_ACTION_PATTERN } from './store/store.js';
export { AUDIT_CHAINS, CHAIN_DETAILS, auditEventHash } from './service/audit-chain.js';
export { AUDIT_HEAD_INTERVAL_MS, RECORDED_DETAILS } from './service/audit-log.js';
export { escEventName } from './service/esc-event-names.js';
export type {
  AuditAction,
  AuditEvent,
  EnvironmentHead,
  EnvironmentKey,
  EnvironmentRecord,
  KeyringRecord,
  LabelUpdate,
  ListAuditOptions,
  PutDocumentOptions,
  ListEnvironmentsOptions,
  ListOptions,
  Page,
  Retraction,
  RevisionInfo,
  RevisionRecord,
  Store,
  TagMove,
  TagRecord,
  Versioned,
  WrappedDataKey,
} from './store/store.js';
export { formatEnvironmentKey } from './store/store.js';
export { pageOf } from './store/paging.js';
export { BoundedMap } from './internal/bounded-map.js';
export { randomHex } from './internal/random-hex.js';
export { isNetworkErrorCode } from './internal/network-error.js';
export { mapLimit } from './internal/map-limit.js';
export { createMemoryStore } from './store/create-memory-store.js';
export {
  BackendRegistry,
  type Backend,
  type BackendLocation,
} from './registry/backend-registry.js';
export {
  ProviderCatalog,
  createProviderRegistry,
  type Loader,
} from './registry/provider-registry.js';
export { resolveDataDir } from './store/resolve-data-dir.js';

// the environments service
export {
  EnvironmentsService,
  createEnvironmentsService,
  type ActorOptions,
  type AuditContext,
  type AuditEntry,
  type AuditProblem,
  type AuditVerification,
  type CheckedEnvironment,
  type CheckOptions,
  type CheckTarget,
  type CloneOptions,
  type EnvironmentInfo,
  type EnvironmentInput,
  type EnvironmentsServiceOptions,
  type EvaluatedEnvironment,
  type ImportAccess,
  type ListAuditInput,
  type OpenedEnvironment,
  type OpenedSession,
  type PageOptions,
  type ResolvedRevision,
  type ServiceScope,
  type RevisionContent,
  type RevisionSummary,
  type TagInfo,
  type WrittenRevision,
} from './service/environments-service.js';
export type { EvaluationSettings } from './service/environment-evaluation.js';
export type { EnvironmentsApi, RemoteOperation } from './service/environments-api.js';
export { errorFromJson, errorToJson, type ErrorJson } from './wire/error-json.js';
export { DEFAULT_MAX_DEFINITION_BYTES } from './service/definition-size.js';
export type { EnvironmentRef, RefDefaults, RefVersion } from './service/parse-environment-ref.js';
export {
  checkEnvironmentKey,
  checkTagName,
  formatEnvironmentRef,
  parseEnvironmentRef,
} from './service/parse-environment-ref.js';
export {
  PATH_UPDATE_ATTEMPTS,
  pathChanged,
  updateDefinitionAtPath,
  type DefinitionPath,
  type UpdateAtPathOptions,
  type UpdateAtPathResult,
} from './service/update-definition-at-path.js';

// the server's accounts and open sessions
export {
  checkCollection,
  checkDocumentKey,
  createMemoryDocuments,
  documentJson,
  type DocumentStore,
} from './store/documents.js';
export {
  Accounts,
  DEFAULT_ENVIRONMENT_PERMISSION,
  type OrgRecord,
  type PrincipalKind,
  type OrgRole,
  type Principal,
  type TokenInfo,
  type UserRecord,
} from './accounts/accounts.js';
export {
  CONSOLE_SESSION_IDLE_MS,
  CONSOLE_SESSION_MAX_MS,
  CONSOLE_SESSION_RECHECK_MS,
  ConsoleSessions,
  type ConsoleSessionInfo,
} from './accounts/console-sessions.js';
export {
  ACCESS_TOKEN_PATTERN,
  generateAccessToken,
  hashAccessToken,
  isWellFormedAccessToken,
  type TokenKind,
} from './accounts/access-token.js';
export {
  Authorizer,
  PrincipalAccess,
  type AccessEntry,
  type AuthorizerOptions,
  type Decision,
} from './access/authorizer.js';
export { AccessAdmin, type OrgSettings, type TeamView } from './access/access-admin.js';
export { AuthorizedService, orgEnvironment } from './access/authorized-service.js';
export {
  DEFAULT_ISSUER_MAX_EXPIRATION_S,
  OidcIssuers,
  type JsonWebKeySet,
  type OidcIssuerInput,
  type OidcIssuerRecord,
} from './access/oidc-issuers.js';
export { OidcAdmin } from './access/oidc-admin.js';
export { type AuthPolicy, type ExchangeTokenType } from './access/oidc-policy.js';
export {
  DEFAULT_EXCHANGE_EXPIRATION_S,
  IdTokenRejected,
  TokenExchange,
  TokenExchangeError,
  orgOfAudience,
  type IdTokenCheck,
  type IdTokenVerifier,
  type TokenExchangeDependencies,
  type TokenExchangeGrant,
  type TokenExchangeOutcome,
  type TokenExchangeRequest,
} from './access/token-exchange.js';
export { REQUIRED_PERMISSION, type EnvironmentAction } from './access/environment-actions.js';
export { OrgAccess, TeamAccess, type PermissionSource } from './access/org-access.js';
export {
  ENVIRONMENT_PERMISSIONS,
  higherPermission,
  includesPermission,
  isEnvironmentPermission,
  parseEnvironmentPermission,
  type EnvironmentPermission,
  type Permission,
} from './access/permission.js';
export {
  Teams,
  checkGrantTarget,
  type TeamChange,
  type TeamGrant,
  type TeamRecord,
  type TeamRole,
} from './access/teams.js';
export { DEFAULT_OPEN_DURATION_MS, MAX_OPEN_DURATION_MS } from './service/open-sessions.js';

// secrets at rest
export { createKeyring, type CreateKeyringOptions, type SecretKeyring } from './crypto/keyring.js';
export {
  MASTER_KEY_ENV,
  createMasterKey,
  defaultMasterKeyPath,
  describeMasterKey,
  generateMasterKeyText,
  loadMasterKey,
  openMasterKey,
  parseMasterKey,
  type LoadMasterKeyOptions,
  type LocalMasterKey,
  type MasterKey,
  type MasterKeySource,
  type MasterKeySources,
  type OpenMasterKeyOptions,
  type WrapContext,
} from './crypto/master-key.js';
export {
  STRATA_CREDENTIAL_VARIABLES,
  isStrataCredentialVariable,
  withoutStrataCredentials,
} from './crypto/credential-variables.js';
export { rotateMasterKey } from './crypto/rotate-master-key.js';
export { encryptDefinitionSecrets } from './crypto/encrypt-definition-secrets.js';
export { decryptDefinitionSecrets } from './crypto/decrypt-definition-secrets.js';
