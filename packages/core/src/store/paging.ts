import type { ListOptions, Page } from './store.js';

/**
 * Cuts one page of a key-paged listing (see `ListOptions`), the same way in every store.
 *
 * `following` holds the items after the cursor (`after`), in listing order. The page is the first
 * `limit` of them; `next`, the key of its last item, is set exactly when more items follow: when
 * `following` holds more than `limit` items (so a backend fetches `limit + 1`: SQL's `LIMIT`, an
 * S3 listing), or when `more` says so (a backend that learns it otherwise, such as an S3 listing
 * cut at `limit` keys that reports itself truncated).
 */
export function pageOf<T>(
  following: readonly T[],
  options: Pick<ListOptions, 'limit'>,
  keyOf: (item: T) => string,
  more = false,
): Page<T> {
  const items = following.slice(0, options.limit);
  const last = items[items.length - 1];
  return (more || following.length > options.limit) && last !== undefined
    ? { items, next: keyOf(last) }
    : { items };
}
