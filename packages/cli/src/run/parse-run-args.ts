// The command line of `strata run` (language-spec §11.2): flags up to `--` or the command,
// then the ref, then the command and its arguments untouched.

import { usageError } from '../cli-error.js';

export interface RunArgs {
  readonly ref: string;
  readonly interactive: boolean;
  /** `--org`, when given. */
  readonly org: string | undefined;
  readonly command: string;
  readonly args: readonly string[];
}

const HINT = 'usage: strata run <ref>[@version] [-i] [--] <command> [args...]';
const DASH_HINT = 'put `--` before the command when its arguments start with `-`';

/**
 * Like esc (cobra), flags are recognised anywhere before `--`, so a command whose arguments
 * look like flags must follow `--`.
 */
export function parseRunArgs(tokens: readonly string[]): RunArgs {
  let interactive = false;
  let org: string | undefined;
  const positionals: string[] = [];
  let dash = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '--') {
      dash = i;
      break;
    }
    if (token === '-' || !token.startsWith('-')) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq < 0 ? token : token.slice(0, eq);
    const inline = eq < 0 ? undefined : token.slice(eq + 1);
    if (name === '-i' || name === '--interactive') {
      interactive = inline === undefined ? true : parseBoolean(name, inline);
    } else if (name === '--org') {
      const value = inline ?? tokens[++i];
      if (value === undefined || value === '') throw usageError('flag --org needs a value', HINT);
      org = value;
    } else {
      throw usageError(`unknown flag ${JSON.stringify(name)}`, DASH_HINT);
    }
  }
  const rest = dash < 0 ? [] : tokens.slice(dash + 1);
  const [ref, ...beforeDash] = positionals;
  if (ref === undefined) throw usageError('no environment specified', HINT);
  const [command, ...args] = [...beforeDash, ...rest];
  if (command === undefined) throw usageError('no command specified', HINT);
  return { ref, interactive, org, command, args };
}

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw usageError(`invalid value ${JSON.stringify(value)} for ${name}: use true or false`, HINT);
}
