/** How many objects are fetched at once when a listing needs their bodies. */
export const FETCH_CONCURRENCY = 16;
