/**
 * Bounds on what one evaluation may build. A few hundred bytes of definition can describe strings
 * and collections that double at every reference (`s1: ${s0}${s0}`, `a1: [${a0}, ${a0}]`); these
 * bounds stop such a definition in bounded time and memory, with a diagnostic at the path that
 * crosses one, in check mode too, so that it is refused before it is stored.
 *
 * The defaults are far above what a real environment produces (a 1 MiB definition with its imports
 * builds a few hundred thousand values at most).
 */
export interface EvaluationLimits {
  /** Characters in any one string produced by interpolation or a builtin. */
  readonly maxStringLength: number;
  /** Elements of any one array or object produced by a builtin or a provider. */
  readonly maxCollectionLength: number;
  /** Values built by one evaluation pass: references' copies, imports, builtin and provider results. */
  readonly maxValues: number;
  /** Characters of all strings produced by one evaluation pass. */
  readonly maxTotalStringLength: number;
  /** Work of one evaluation pass: values built plus values walked to measure or convert them. */
  readonly maxWork: number;
}

export const DEFAULT_EVALUATION_LIMITS: EvaluationLimits = {
  maxStringLength: 4 * 1024 * 1024,
  maxCollectionLength: 100_000,
  maxValues: 200_000,
  maxTotalStringLength: 64 * 1024 * 1024,
  maxWork: 5_000_000,
};
