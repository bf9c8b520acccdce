import { InvalidArgumentError } from '../errors.js';

export interface PageOptions {
  readonly after?: string;
  /** 1 to 1000; 100 if absent. */
  readonly limit?: number;
}

/** The page size a listing asks the store for: 100 by default, 1 to 1000. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidArgumentError(`invalid page size ${limit}: use 1 to 1000`);
  }
  return limit;
}
