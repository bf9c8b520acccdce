import type { OutputWarning, Value } from '@strata/core';
import { formatOutputWithWarnings } from '@strata/core';
import { usageError } from '../cli-error.js';
import type { PathSegment } from '../definition/property-path.js';
import { renderDetailed } from '@strata/core';
import { valueAtPath } from '@strata/core';

/** The formats of `env get --value` and `env diff --format`. */
export type ValueFormat = 'json' | 'string' | 'dotenv' | 'shell' | 'detailed';

/**
 * A checked environment in one of the value formats, at `path` (`dotenv` and `shell` take the
 * whole environment: they render its `environmentVariables` and `files`), with the warnings of
 * `dotenv` and `shell` (variables left out or that some readers would misread).
 */
export function renderValueFormat(
  root: Value | undefined,
  path: readonly PathSegment[],
  format: ValueFormat,
  options: { redact: boolean },
): { text: string; warnings: readonly OutputWarning[] } {
  if ((format === 'dotenv' || format === 'shell') && path.length > 0)
    throw usageError(`output format '${format}' may not be used with a property path`);
  if (format === 'dotenv' || format === 'shell')
    return formatOutputWithWarnings(root, format, options);
  const value = valueAtPath(root, path);
  return format === 'detailed'
    ? { text: renderDetailed(value, { ...options, root: path.length === 0 }), warnings: [] }
    : formatOutputWithWarnings(value, format, options);
}

/** Output warnings on stderr, one `warning:` line each (they name variables, never values). */
export function printOutputWarnings(
  err: (text: string) => void,
  warnings: readonly OutputWarning[],
): void {
  for (const w of warnings) err(`warning: ${w.message}\n`);
}
