export type { SqliteStoreOptions } from './create-sqlite-store.js';
export { createSqliteStore, defaultSqlitePath } from './create-sqlite-store.js';
export { SCHEMA_VERSION } from './_schema.js';
export {
  createSqliteBackend,
  type SqliteBackendOptions,
  type SqliteLocation,
} from './sqlite-backend.js';
