import type { EnvironmentLoader, LoadedEnvironment } from '../eval/host-interfaces.js';
import type { EnvironmentKey } from '../store/store.js';
import type { EnvironmentsService } from './environments-service.js';
import { formatEnvironmentRef, parseEnvironmentRef } from './parse-environment-ref.js';

/**
 * Loads imports of `importer` through the service. Names are relative to the importer: `env` is
 * in its project, `proj/env` in its org, `org/proj/env` absolute; `@N`, `@tag` and `@latest`
 * pick a revision (latest if absent). Each load re-reads the mutable pointers (metadata, latest
 * number) and takes the immutable revision from the service's cache when it was read before.
 * The definition keeps its ciphertext; the returned decrypter belongs to the imported environment.
 */
export function createEnvironmentLoader(
  service: EnvironmentsService,
  importer: EnvironmentKey,
): EnvironmentLoader {
  const defaults = { org: importer.org, project: importer.project };
  return {
    identify(name: string): string {
      try {
        const ref = parseEnvironmentRef(name, defaults);
        return formatEnvironmentRef(ref.version?.kind === 'latest' ? { env: ref.env } : ref);
      } catch {
        return name; // not a valid ref: its load fails and says why
      }
    },
    async load(name: string): Promise<LoadedEnvironment> {
      const ref = parseEnvironmentRef(name, defaults);
      const resolved = await service.resolve(ref);
      const record = await service.revisionRecord(resolved);
      return {
        definition: Buffer.from(record.definition).toString('utf8'),
        decrypter: service.keyring.decrypter(resolved.env),
      };
    },
  };
}
