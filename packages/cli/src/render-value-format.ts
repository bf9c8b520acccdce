import type { Value } from '@strata/core';
import { formatOutput } from '@strata/core';
import { usageError } from './cli-error.js';
import type { PathSegment } from './property-path.js';
import { renderDetailed } from './render-detailed.js';
import { valueAtPath } from './value-at-path.js';

/** The formats of `env get --value` and `env diff --format`. */
export type ValueFormat = 'json' | 'string' | 'dotenv' | 'shell' | 'detailed';

/**
 * A checked environment in one of the value formats, at `path` (`dotenv` and `shell` take the
 * whole environment: they render its `environmentVariables` and `files`).
 */
export function renderValueFormat(
  root: Value | undefined,
  path: readonly PathSegment[],
  format: ValueFormat,
  options: { redact: boolean },
): string {
  if ((format === 'dotenv' || format === 'shell') && path.length > 0)
    throw usageError(`output format '${format}' may not be used with a property path`);
  if (format === 'dotenv' || format === 'shell') return formatOutput(root, format, options);
  const value = valueAtPath(root, path);
  return format === 'detailed'
    ? renderDetailed(value, { ...options, root: path.length === 0 })
    : formatOutput(value, format, options);
}
