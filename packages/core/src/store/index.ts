export type {
  AuditAction,
  AuditEvent,
  EnvironmentHead,
  EnvironmentKey,
  EnvironmentRecord,
  KeyringRecord,
  LabelUpdate,
  ListAuditOptions,
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
} from './store.js';
export { formatEnvironmentKey } from './store.js';
export {
  AlreadyExistsError,
  DecryptError,
  DeletionProtectedError,
  InvalidArgumentError,
  MasterKeyError,
  NotFoundError,
  RevisionRetractedError,
  StoreConflictError,
  StoreCorruptError,
  StoreIoError,
  StrataError,
  describeEnvironment,
} from './errors.js';
export type { ErrorComponent } from './errors.js';
export { createMemoryStore } from './create-memory-store.js';
export { resolveDataDir } from './resolve-data-dir.js';
