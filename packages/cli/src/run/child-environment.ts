// What `strata run` hands a command: the parent's environment without Strata's own credentials,
// plus the opened environment's variables and files; and the checks that keep a value that no
// process environment can hold from reaching spawn, whose errors quote the value.

import { withoutStrataCredentials } from '@strata/core';
import { CliError } from '../cli-error.js';

/** One variable of the opened environment. */
export interface ChildVariable {
  readonly name: string;
  readonly value: string;
}

/**
 * The child's environment: the parent's (as esc passes it) minus Strata's credentials
 * (STRATA_CREDENTIAL_VARIABLES in core), then the environment's variables and the paths of its
 * files. A variable the opened environment sets itself is its own to give, whatever its name.
 */
export function childEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  variables: readonly ChildVariable[],
  files: Readonly<Record<string, string>>,
): Record<string, string | undefined> {
  const env = withoutStrataCredentials(parent);
  for (const variable of variables) env[variable.name] = variable.value;
  Object.assign(env, files);
  return env;
}

/**
 * Refuses variables and arguments holding a NUL byte, which no process environment or argument
 * can carry: one error naming the variable (or argument number), never its value.
 */
export function refuseNulBytes(variables: readonly ChildVariable[], args: readonly string[]): void {
  for (const variable of variables) {
    if (variable.name.includes('\0'))
      throw new CliError(
        'an environment variable name contains a NUL byte; nothing was run',
        'rename the key under environmentVariables',
      );
    if (variable.value.includes('\0'))
      throw new CliError(
        `environment variable ${variable.name} contains a NUL byte, which a process environment cannot hold; nothing was run`,
        "remove the NUL byte from its value, or hand the value over in a file (the environment's files:), base64-encoded if it is binary",
      );
  }
  for (const [i, arg] of args.entries()) {
    if (arg.includes('\0'))
      throw new CliError(
        `argument ${i + 1} of the command contains a NUL byte, which a process argument cannot hold; nothing was run`,
        "interpolate a value without NUL bytes, or hand it over in a file (the environment's files:)",
      );
  }
}

/** Linux's limit on one `NAME=value` string (MAX_ARG_STRLEN); other systems only limit the total. */
const ONE_STRING_LIMIT = 128 * 1024;

/**
 * The error for a spawn that failed with E2BIG: the environment and arguments together (or one
 * of them) are larger than the system accepts. Names the largest variables, never their values.
 */
export function tooBigError(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  args: readonly string[],
): CliError {
  const sizes = Object.entries(env)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ({ name, bytes: Buffer.byteLength(`${name}=${value}`) + 1 }))
    .sort((a, b) => b.bytes - a.bytes);
  const oversized = sizes.filter((s) => s.bytes > ONE_STRING_LIMIT);
  const named = (oversized.length > 0 ? oversized : sizes.slice(0, 3)).map((s) => s.name);
  const longArgs = args.flatMap((a, i) =>
    Buffer.byteLength(a) + 1 > ONE_STRING_LIMIT ? [`argument ${i + 1}`] : [],
  );
  const culprits = [...named, ...longArgs];
  return new CliError(
    `cannot run ${command}: its environment and arguments are larger than the system allows (E2BIG); nothing was run`,
    `${oversized.length > 0 || longArgs.length > 0 ? 'too large' : 'the largest'}: ${culprits.join(', ')}; hand large values over as files (the environment's files:) instead of environment variables or arguments`,
  );
}
