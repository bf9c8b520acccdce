import type { PathSegment } from './property-path.js';
import { valueProperty, type Value } from './value.js';

/** The value at a property path of an opened environment; undefined when absent. */
export function valueAtPath(
  root: Value | undefined,
  path: readonly PathSegment[],
): Value | undefined {
  let value = root;
  for (const segment of path) {
    if (value === undefined) return undefined;
    if (typeof segment === 'number') {
      value = value.kind === 'array' ? (value.data as Value[])[segment] : undefined;
    } else {
      value = value.kind === 'object' ? valueProperty(value, segment) : undefined;
    }
  }
  return value;
}
