/** Exit codes of the strata command; scripts may rely on them. */
export const EXIT = {
  OK: 0,
  /** Anything not covered below. */
  ERROR: 1,
  /** Bad arguments or flags: read `--help`. */
  USAGE: 2,
  /** The environment, revision or tag does not exist. */
  NOT_FOUND: 3,
  /** Someone else wrote first; nothing was stored. */
  CONFLICT: 4,
  /** The definition does not check: diagnostics were printed. */
  INVALID: 5,
  /** The master key is missing or wrong, or a secret does not decrypt. */
  KEY: 6,
  /** The backend could not be reached or read. */
  BACKEND: 7,
  /** Refused: deletion protection, an existing name, a retracted revision, a definition too large. */
  REFUSED: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
