import type { EnvironmentsService } from './environments-service.js';

/**
 * The environments service as its clients use it, wherever it runs: the service itself in the
 * process, or `@strata/client` talking to a Strata server. Commands take this, never a concrete
 * class, so they do not branch on where the service runs.
 */
export type EnvironmentsApi = Pick<
  EnvironmentsService,
  | 'defaultOrg'
  | 'parseRef'
  | 'createEnvironment'
  | 'getEnvironment'
  | 'listEnvironments'
  | 'resolve'
  | 'readDefinition'
  | 'updateDefinition'
  | 'rollback'
  | 'listRevisions'
  | 'tagRevision'
  | 'untagRevision'
  | 'getTag'
  | 'listTags'
  | 'retractRevision'
  | 'setDeletionProtection'
  | 'updateLabels'
  | 'deleteEnvironment'
  | 'open'
  | 'check'
  | 'clone'
  | 'listAudit'
  | 'verifyAudit'
>;

/** The operations of EnvironmentsApi a client calls remotely (all but the local `parseRef`). */
export type RemoteOperation = Exclude<keyof EnvironmentsApi, 'defaultOrg' | 'parseRef'>;
