/** Edit distance between two strings, by UTF-16 code units (the inputs here are ASCII-folded keys). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** ESC folds keys before comparing them: case-insensitive, underscores ignored. */
export function foldKey(key: string): string {
  return key.toLowerCase().replaceAll('_', '');
}

/**
 * The candidate closest to `key` (language-spec §3.8): distance strictly below
 * floor((len(folded key)+1)/2) and strictly below the best so far; ties keep the first.
 */
export function nearestKey(key: string, candidates: Iterable<string>): string | undefined {
  const folded = foldKey(key);
  let best: string | undefined;
  let bestDistance = Math.floor((Buffer.byteLength(folded) + 1) / 2);
  for (const candidate of candidates) {
    const distance = levenshtein(folded, foldKey(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
