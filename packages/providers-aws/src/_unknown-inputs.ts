import { ProviderInputError, type ObjectSchema, type ProviderInputProblem } from '@strata/core';

/**
 * Keys the schema does not name, at the top and in each entry of `get`, each a problem at its
 * path: a typo (`secretID`, `verison`) is reported where it is, not ignored.
 */
export function refuseUnknownInputs(
  provider: string,
  inputs: Readonly<Record<string, unknown>>,
  schema: ObjectSchema,
): void {
  const problems: ProviderInputProblem[] = [];
  const check = (at: string[], value: unknown, known: ObjectSchema | undefined) => {
    if (value === null || typeof value !== 'object' || known?.properties === undefined) return;
    const names = Object.keys(known.properties);
    for (const key of Object.keys(value))
      if (!names.includes(key))
        problems.push({
          path: [...at, key],
          message: `${provider}: unknown input ${[...at, key].join('.')}; ${at.length === 0 ? provider : at.join('.')} takes ${names.join(', ')}`,
        });
  };
  check([], inputs, schema);
  const get = inputs.get;
  const entry = (schema.properties?.get as ObjectSchema | undefined)?.additionalProperties;
  if (get !== null && typeof get === 'object')
    for (const [name, value] of Object.entries(get))
      check(['get', name], value, typeof entry === 'object' ? entry : undefined);
  if (problems.length > 0) throw new ProviderInputError(problems);
}
