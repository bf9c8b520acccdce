// Imports of the definition being edited, fetched once through the API (the caller's rights
// apply: an import they may not read fails as the server's check would) and kept for the life of
// the editor, parsed. Their ciphertext secrets are never decrypted here: check mode leaves them
// unknown.

import {
  formatEnvironmentRef,
  parseEnvironment,
  parseEnvironmentRef,
  type EnvironmentKey,
  type EnvironmentLoader,
  type LoadedEnvironment,
} from '@strata/core';
import { api } from '../api/service.js';

const noDecrypt = {
  decrypt: (): Promise<Uint8Array> =>
    Promise.reject(new Error('secrets are not decrypted in the browser')),
};

export interface CachingLoader extends EnvironmentLoader {
  /** Forgets what was fetched (after a tag moved, say): the next check fetches again. */
  clear(): void;
  /** How many imports were fetched from the server so far. */
  fetched(): number;
}

export function createImportLoader(importer: EnvironmentKey): CachingLoader {
  const defaults = { org: importer.org, project: importer.project };
  const cache = new Map<string, Promise<LoadedEnvironment>>();
  let fetched = 0;
  const identify = (name: string): string => {
    try {
      const ref = parseEnvironmentRef(name, defaults);
      return formatEnvironmentRef(ref.version?.kind === 'latest' ? { env: ref.env } : ref);
    } catch {
      return name;
    }
  };
  return {
    identify,
    load(name: string): Promise<LoadedEnvironment> {
      const key = `${identify(name)}\n${name}`;
      let found = cache.get(key);
      if (found === undefined) {
        found = (async () => {
          const ref = parseEnvironmentRef(name, defaults);
          fetched++;
          const content = await api().readDefinition(formatEnvironmentRef(ref));
          return {
            definition: content.definition,
            parsed: parseEnvironment(name, content.definition),
            decrypter: noDecrypt,
          };
        })();
        // A failure (lost connection) is not kept: the next check asks again.
        found.catch(() => cache.delete(key));
        cache.set(key, found);
      }
      return found;
    },
    clear: () => cache.clear(),
    fetched: () => fetched,
  };
}
