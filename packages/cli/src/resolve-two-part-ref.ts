import type { EnvironmentKey, EnvironmentsService } from '@strata/core';
import { usageError } from './cli-error.js';

/**
 * esc's reading of a two-part ref `a/b` (language-spec §11.1): `project/env` in the current org,
 * unless `a` is also the name of an org, in which case it may be the legacy `org/env` (project
 * `default`). Whichever of the two projects exists wins, with a warning that names the choice;
 * both existing is an error; neither picks `project/env`. Refs of one or three parts, and refs
 * that read the same either way, are returned as they are. Otherwise the result is the full
 * `org/project/env`, with the version kept.
 */
export async function resolveTwoPartRef(
  service: EnvironmentsService,
  ref: string,
  org: string,
  warn: (line: string) => void,
): Promise<string> {
  const end = ref.includes('@') ? ref.indexOf('@') : ref.includes(':') ? ref.indexOf(':') : -1;
  const path = end < 0 ? ref : ref.slice(0, end);
  const version = end < 0 ? '' : ref.slice(end);
  const parts = path.split('/');
  if (parts.length !== 2) return ref;
  const [first = '', name = ''] = parts;
  const asProject: EnvironmentKey = { org, project: first, name };
  const asLegacy: EnvironmentKey = { org: first, project: 'default', name };
  if (first === '' || name === '' || format(asProject) === format(asLegacy)) return ref;

  const exists = async (where: { org: string; project?: string }): Promise<boolean> =>
    (await service.listEnvironments({ ...where, limit: 1 })).items.length > 0;
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

function format(env: EnvironmentKey): string {
  return `${env.org}/${env.project}/${env.name}`;
}
