import { checkGrantTarget } from '@strata/core';
import { usageError } from './cli-error.js';

/**
 * What `env access` names: `project/env` or `project/*` in the session's organization, or with
 * the organization in front. No version: access is to an environment, not a revision.
 */
export function grantTarget(
  text: string,
  org: string,
): { org: string; project: string; env: string } {
  const parts = text.split('/');
  const [a, b, c] = parts;
  const target =
    parts.length === 2 && a !== undefined && b !== undefined
      ? { org, project: a, env: b }
      : parts.length === 3 && a !== undefined && b !== undefined && c !== undefined
        ? { org: a, project: b, env: c }
        : undefined;
  if (target === undefined || target.env.includes('@'))
    throw usageError(
      `invalid environment ${JSON.stringify(text)}`,
      'name it project/env or project/* (org/project/env with the organization), without a version',
    );
  try {
    checkGrantTarget(target.project, target.env);
  } catch (error) {
    throw usageError((error as Error).message);
  }
  return target;
}
