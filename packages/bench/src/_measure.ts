/** Median wall time in milliseconds of `runs` calls of `fn` after `warmup` unmeasured ones. */
export async function medianMs(fn: () => unknown, runs: number, warmup = 1): Promise<number> {
  const { only } = await interleavedMedianMs({ only: fn }, runs, { warmup });
  return only;
}

export interface MeasureOptions {
  /** Rounds that go unmeasured first; 1 if absent. */
  readonly warmup?: number;
  /**
   * Collect garbage before each run (when node runs with --expose-gc); true if absent. Off for
   * work that crosses processes: the collection's background threads would still be running on
   * the cores the other process needs.
   */
  readonly collectGarbage?: boolean;
  /**
   * Calls of one function in a row per round; 1 if absent. Above 1 for a client of another
   * process: called back to back, as a client calls a server, rather than after an idle pause
   * each time, whose wake-up a virtual machine makes costly.
   */
  readonly streak?: number;
}

/**
 * Median wall times in milliseconds of several functions measured side by side: each round calls
 * every function `streak` times in a row, in turn, so a comparison between them is not skewed by
 * what the machine (or the heap) was doing while only one of them ran.
 */
export async function interleavedMedianMs<K extends string>(
  fns: Record<K, () => unknown>,
  runs: number,
  { warmup = 1, collectGarbage = true, streak = 1 }: MeasureOptions = {},
): Promise<Record<K, number>> {
  const keys = Object.keys(fns) as K[];
  for (let i = 0; i < warmup; i++)
    for (const key of keys) for (let j = 0; j < streak; j++) await fns[key]();
  const times = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<K, number[]>;
  // Start every run with a clean heap, so one run does not pay for the garbage of another.
  const gc = collectGarbage ? (globalThis as { gc?: () => void }).gc : undefined;
  for (let i = 0; i < runs; i++) {
    for (const key of keys) {
      for (let j = 0; j < streak; j++) {
        gc?.();
        const start = process.hrtime.bigint();
        await fns[key]();
        times[key].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
  }
  const medians = {} as Record<K, number>;
  for (const key of keys) medians[key] = median(times[key]);
  return medians;
}

/** The middle of `values` (of an even number, the upper of the two in the middle). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
