/** `value`, or undefined when it is absent or empty (an environment variable set to ''). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
