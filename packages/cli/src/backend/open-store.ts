import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '@strata/core';
import type { BackendSpec } from './backend-url.js';
import { bundledSqliteAddon } from './bundled-sqlite-addon.js';

/**
 * Opens the store of a backend. Store packages are imported here, on demand, so a command that
 * uses SQLite never loads the AWS SDK (and the reverse).
 */
export async function openStore(spec: BackendSpec): Promise<Store> {
  if (spec.kind === 'sqlite') {
    mkdirSync(dirname(spec.path), { recursive: true, mode: 0o700 });
    const { createSqliteStore } = await import('@strata/store-sqlite');
    const nativeBinding = bundledSqliteAddon();
    return createSqliteStore({
      path: spec.path,
      ...(nativeBinding === undefined ? {} : { nativeBinding }),
    });
  }
  // Strata supports Node 20; the SDK's warning about its own future plans is noise on a CLI's stderr.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { createS3Store } = await import('@strata/store-s3');
  return createS3Store({
    bucket: spec.bucket,
    ...(spec.prefix === '' ? {} : { prefix: spec.prefix }),
    ...(spec.region === undefined ? {} : { region: spec.region }),
    ...(spec.endpoint === undefined ? {} : { endpoint: spec.endpoint }),
    ...(spec.forcePathStyle === undefined ? {} : { forcePathStyle: spec.forcePathStyle }),
  });
}
