export type {
  ActorOptions,
  EnvironmentInfo,
  EnvironmentInput,
  EnvironmentsServiceOptions,
  ListAuditInput,
  OpenInput,
  PageOptions,
  ResolvedRevision,
  RevisionContent,
  RevisionSummary,
  TagInfo,
} from './environments-service.js';
export { EnvironmentsService, createEnvironmentsService } from './environments-service.js';
export {
  DEFAULT_MAX_DEFINITION_BYTES,
  DefinitionTooLargeError,
  checkDefinitionSize,
} from './definition-size.js';
export { createEnvironmentLoader } from './create-environment-loader.js';
export type { EnvironmentRef, RefDefaults, RefVersion } from './parse-environment-ref.js';
export {
  checkEnvironmentKey,
  checkTagName,
  formatEnvironmentRef,
  parseEnvironmentRef,
} from './parse-environment-ref.js';
export type {
  DefinitionPath,
  UpdateAtPathOptions,
  UpdateAtPathResult,
} from './update-definition-at-path.js';
export {
  PATH_UPDATE_ATTEMPTS,
  PathConflictError,
  pathChanged,
  updateDefinitionAtPath,
} from './update-definition-at-path.js';
