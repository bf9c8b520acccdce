import type { EnvironmentKey, EnvironmentsApi } from '@strata/core';
import { NotFoundError } from '@strata/core';
import { usageError } from './cli-error.js';
import { splitVersion } from './version-ref.js';

/**
 * esc's reading of a two-part ref `a/b` (language-spec §11.1): `project/env` in the current org,
 * unless `a` is also the name of an org, in which case it may be the legacy `org/env` (project
 * `default`). Whichever of the two projects exists wins, with a warning that names the choice;
 * both existing is an error; neither picks `project/env`. Refs of one or three parts, and refs
 * that read the same either way, are returned as they are. Otherwise the result is the full
 * `org/project/env`, with the version kept.
 */
export async function resolveTwoPartRef(
  service: EnvironmentsApi,
  ref: string,
  org: string,
  warn: (line: string) => void,
): Promise<string> {
  const { path, version } = splitRef(ref);
  const parts = path.split('/');
  if (parts.length !== 2) return ref;
  const [first = '', name = ''] = parts;
  const asProject: EnvironmentKey = { org, project: first, name };
  const asLegacy: EnvironmentKey = { org: first, project: 'default', name };
  if (first === '' || name === '' || format(asProject) === format(asLegacy)) return ref;

  // An organization a server does not let us see has nothing in it, for us.
  const exists = async (where: { org: string; project?: string }): Promise<boolean> =>
    (
      await service.listEnvironments({ ...where, limit: 1 }).catch((error: unknown) => {
        if (error instanceof NotFoundError) return { items: [] };
        throw error;
      })
    ).items.length > 0;
  if (!(await exists({ org: first }))) return ref;
  const [projectExists, legacyExists] = await Promise.all([
    exists({ org, project: first }),
    exists({ org: first, project: 'default' }),
  ]);
  if (projectExists && legacyExists) {
    throw usageError(
      `ambiguous path provided: ${JSON.stringify(path)} could be ${format(asProject)} or ${format(asLegacy)}`,
      'use <org>/<project>/<environment>',
    );
  }
  const chosen = format(legacyExists ? asLegacy : asProject);
  warn(
    `warning: environment reference ${JSON.stringify(path)} is ambiguous (resolved to ${chosen}). Use <org>/<project>/<environment> instead.\n`,
  );
  return chosen + version;
}

/** True for `a/b` (with or without a version): the refs whose reading may need the store. */
export function isTwoPartRef(ref: string): boolean {
  return splitRef(ref).path.split('/').length === 2;
}

/** The environment part and the version suffix (`@v`, or esc's legacy `:v`) of a ref. */
function splitRef(ref: string): { path: string; version: string } {
  const { base, version } = splitVersion(ref);
  return { path: base, version: version === undefined ? '' : ref.slice(base.length) };
}

function format(env: EnvironmentKey): string {
  return `${env.org}/${env.project}/${env.name}`;
}
