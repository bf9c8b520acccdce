// The preview of an environment (`POST /api/console/preview`): opened on the server with secrets
// as `[secret]`, or only checked for a caller who may not open it. `reveal` asks for the
// plaintext of given paths (refused to a caller who may not open the environment).

import { http } from './http.js';

export interface ProjectedEntry {
  readonly name: string;
  readonly value: string;
  readonly secret: boolean;
}

export interface Preview {
  readonly env: string;
  readonly revision: number | null;
  /** A real open (the caller may open); false: a check, providers not called. */
  readonly opened: boolean;
  /** What `strata env open` prints, secrets as [secret]. */
  readonly json: string;
  /** Paths of the secrets in it. */
  readonly secrets: readonly string[];
  readonly environmentVariables: readonly ProjectedEntry[];
  readonly files: readonly ProjectedEntry[];
  readonly diagnostics: readonly { summary: string; severity?: string; path?: string }[];
  readonly revealed: Readonly<Record<string, string>>;
}

export async function fetchPreview(input: {
  env: string;
  revision?: number | undefined;
  reveal?: readonly string[];
}): Promise<Preview> {
  return (await http('POST', '/api/console/preview', {
    env: input.env,
    ...(input.revision === undefined ? {} : { revision: input.revision }),
    ...(input.reveal === undefined ? {} : { reveal: input.reveal }),
  })) as Preview;
}
