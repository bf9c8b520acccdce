import {
  InvalidArgumentError,
  parsePropertyPath as parsePath,
  type PathSegment,
} from '@strata/core';
import { usageError } from '../cli-error.js';

export type { PathSegment } from '@strata/core';
export { formatPropertyPath } from '@strata/core';

/** Parses a property path given on the command line; a malformed one is a usage error. */
export function parsePropertyPath(text: string): PathSegment[] {
  try {
    return parsePath(text);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw usageError(error.message, 'use a.b[0]["c.d"]');
  }
}
