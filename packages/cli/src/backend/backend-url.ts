import type { BackendLocation, Store } from '@strata/core';
import { BackendRegistry, InvalidArgumentError } from '@strata/core';
import { createS3Backend, type S3Location } from '@strata/store-s3/backend';
import { createSqliteBackend, type SqliteLocation } from '@strata/store-sqlite/backend';
import { usageError } from '../cli-error.js';
import { bundledSqliteAddon } from './bundled-sqlite-addon.js';

/** Where environments live: a backend URL as parsed by the backend of its scheme. */
export type BackendSpec = SqliteLocation | S3Location;

/** The stores the CLI reaches, by URL scheme (each package parses its own URLs). */
let registry: BackendRegistry | undefined;
function backends(): BackendRegistry {
  return (registry ??= new BackendRegistry([
    createSqliteBackend({ nativeBinding: bundledSqliteAddon }),
    createS3Backend(),
  ]));
}

/**
 * Parses a backend URL. A relative SQLite path (`sqlite://./x.db`, `sqlite://x.db`) is resolved
 * against `cwd`.
 */
export function parseBackendUrl(text: string, cwd: string): BackendSpec {
  try {
    return backends().parse(text, cwd) as BackendSpec;
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw usageError(error.message, `use ${backends().forms()}`);
  }
}

/** Formats a backend back as a URL (SQLite paths are absolute by then). */
export function formatBackendUrl(spec: BackendLocation): string {
  return backends().format(spec);
}

/**
 * Opens the store of a backend. Store packages load their dependencies on open, so a command that
 * uses SQLite never loads the AWS SDK (and the reverse).
 */
export function openStore(spec: BackendLocation): Promise<Store> {
  return backends().open(spec);
}
