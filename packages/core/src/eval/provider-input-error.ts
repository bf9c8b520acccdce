/** One input a provider could not use: where it is inside the inputs, and what is wrong. */
export interface ProviderInputProblem {
  /** Keys and indexes from the inputs' root, e.g. `['get', 'db']`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Thrown by a provider whose call failed because of particular inputs (a secret that does not
 * exist, expired credentials): each problem becomes a diagnostic at that input, not at the whole
 * `fn::open`, so a definition with several bad entries shows each where it is written.
 */
export class ProviderInputError extends Error {
  override readonly name = 'ProviderInputError';
  readonly problems: readonly ProviderInputProblem[];

  constructor(problems: readonly ProviderInputProblem[], options?: { cause?: unknown }) {
    if (problems.length === 0) throw new TypeError('ProviderInputError needs a problem');
    super(problems.map((p) => p.message).join('\n'), options);
    this.problems = problems;
  }

  /** One problem at one input. */
  static at(
    path: readonly (string | number)[],
    message: string,
    options?: { cause?: unknown },
  ): ProviderInputError {
    return new ProviderInputError([{ path, message }], options);
  }
}
