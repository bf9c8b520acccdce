// `sqlite://` backend URLs. A light module: parsing a URL loads no SQLite; opening does.

import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Backend, BackendLocation } from '@strata/core';
import { InvalidArgumentError } from '@strata/core';

export interface SqliteLocation extends BackendLocation {
  readonly scheme: 'sqlite';
  /** The database file, absolute. */
  readonly path: string;
}

export interface SqliteBackendOptions {
  /**
   * better-sqlite3's compiled addon, for a host that bundles its JavaScript (see
   * SqliteStoreOptions), or a function that finds it when a store is opened.
   */
  readonly nativeBinding?: string | (() => string | undefined) | undefined;
}

/**
 * `sqlite:///abs/path.db`, or `sqlite://./relative.db` resolved against the working directory.
 * The file's directory is created (0700) when the store is opened.
 */
export function createSqliteBackend(options: SqliteBackendOptions = {}): Backend<SqliteLocation> {
  return {
    scheme: 'sqlite',
    forms: 'sqlite:///abs/path.db, sqlite://./relative.db',
    parse(url: string, cwd: string): SqliteLocation {
      const rest = url.slice('sqlite://'.length);
      const path = decodeURIComponent(rest.split('?')[0] ?? '');
      if (path === '')
        throw new InvalidArgumentError(`invalid backend ${JSON.stringify(url)}: no file path`);
      return { scheme: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
    },
    format: (location) => `sqlite://${location.path}`,
    async open(location) {
      mkdirSync(dirname(location.path), { recursive: true, mode: 0o700 });
      const { createSqliteStore } = await import('./create-sqlite-store.js');
      const binding = options.nativeBinding;
      const nativeBinding = typeof binding === 'function' ? binding() : binding;
      return createSqliteStore({
        path: location.path,
        ...(nativeBinding === undefined ? {} : { nativeBinding }),
      });
    },
  };
}
