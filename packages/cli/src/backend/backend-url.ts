import type { BackendLocation, Store } from '@strata/core';
import { BackendRegistry, InvalidArgumentError } from '@strata/core';
import { createS3Backend, type S3Location } from '@strata/store-s3/backend';
import { createSqliteBackend, type SqliteLocation } from '@strata/store-sqlite/backend';
import { usageError } from '../cli-error.js';
import { bundledSqliteAddon } from './bundled-sqlite-addon.js';

/** A Strata server (`strata serve`), reached with an access token. */
export interface ServerLocation {
  readonly scheme: 'http' | 'https';
  /** `https://host[:port]`, without a trailing slash. */
  readonly url: string;
}

/** Where environments live: a store, or a server that holds one. */
export type BackendSpec = SqliteLocation | S3Location | ServerLocation;

export function isServer(spec: BackendSpec): spec is ServerLocation {
  return spec.scheme === 'http' || spec.scheme === 'https';
}

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
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw usageError(`invalid server URL ${JSON.stringify(text)}`, 'use https://host[:port]');
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
      throw usageError(
        `invalid server URL ${JSON.stringify(text)}: no query, fragment or credentials`,
        'use https://host[:port]; the token goes in --token or STRATA_TOKEN',
      );
    const scheme = url.protocol === 'https:' ? 'https' : 'http';
    return { scheme, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
  }
  try {
    return backends().parse(text, cwd) as BackendSpec;
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw usageError(error.message, `use ${backends().forms()} or https://host[:port]`);
  }
}

/** Formats a backend back as a URL (SQLite paths are absolute by then). */
export function formatBackendUrl(spec: BackendSpec): string {
  return isServer(spec) ? spec.url : backends().format(spec);
}

/**
 * Opens the store of a backend. Store packages load their dependencies on open, so a command that
 * uses SQLite never loads the AWS SDK (and the reverse).
 */
export function openStore(spec: BackendLocation): Promise<Store> {
  return backends().open(spec);
}
