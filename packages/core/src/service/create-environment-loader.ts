import type { ParseResult } from '../ast/environment-decl.js';
import type { Decrypter, EnvironmentLoader, LoadedEnvironment } from '../eval/host-interfaces.js';
import type { EnvironmentKey } from '../store/store.js';
import type { EnvironmentRef } from './parse-environment-ref.js';
import { formatEnvironmentRef, parseEnvironmentRef } from './parse-environment-ref.js';

/** What a loader needs of the service: resolving refs and reading revisions, and decrypters. */
export interface RevisionReader {
  resolve(ref: EnvironmentRef): Promise<{ env: EnvironmentKey; uid: string; revision: number }>;
  /** The revision's text and its parse under `name` (the name its diagnostics carry). */
  revisionParsed(
    resolved: { env: EnvironmentKey; uid: string; revision: number },
    name: string,
  ): Promise<{ text: string; parsed: ParseResult }>;
  readonly keyring: { decrypter(env: EnvironmentKey): Decrypter };
  /** Whether the caller may load an environment (see ImportAccess); anyone may if absent. */
  readonly imports?: ((env: EnvironmentKey, needed: 'read' | 'open') => Promise<void>) | undefined;
}

/**
 * Loads imports of `importer` through the service. Names are relative to the importer: `env` is
 * in its project, `proj/env` in its org, `org/proj/env` absolute; `@N`, `@tag` and `@latest`
 * pick a revision (latest if absent). Each load re-reads the mutable pointer (the environment's
 * head) and takes the immutable revision, already parsed, from the service's cache when it was
 * read before. The definition keeps its ciphertext; the returned decrypter belongs to the imported
 * environment. The reader's `imports` is asked first, with `needed`, for every environment loaded.
 */
export function createEnvironmentLoader(
  reader: RevisionReader,
  importer: EnvironmentKey,
  needed: 'read' | 'open' = 'open',
  /** Told of every load that succeeded: its ref, the revision it resolved to, its text. */
  onLoad?: (ref: EnvironmentRef, resolved: { uid: string; revision: number }, text: string) => void,
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
      // Before anything is read: a refusal must not depend on whether the environment exists.
      if (reader.imports !== undefined) await reader.imports(ref.env, needed);
      const resolved = await reader.resolve(ref);
      const { text, parsed } = await reader.revisionParsed(resolved, name);
      onLoad?.(ref, resolved, text);
      return { definition: text, parsed, decrypter: reader.keyring.decrypter(resolved.env) };
    },
  };
}
