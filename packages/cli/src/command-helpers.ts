import { resolve } from 'node:path';
import { usageError } from './cli-error.js';
import type { CommandContext } from './command.js';
import type { SizeLimited } from './input-limit.js';
import {
  decodeUtf8,
  definitionLimit,
  inputTooLarge,
  readFileBounded,
  readStreamBounded,
} from './input-limit.js';
import { splitVersion } from './version-ref.js';

/** The positional at `index`, or a usage error naming it. */
export function requireArg(
  ctx: Pick<CommandContext, 'positionals' | 'spec'>,
  index: number,
  name: string,
): string {
  const value = ctx.positionals[index];
  if (value === undefined || value === '')
    throw usageError(`missing ${name}`, `usage: strata ${ctx.spec.path} ${ctx.spec.usage}`);
  return value;
}

/** Refuses positionals beyond `max`. */
export function maxArgs(ctx: Pick<CommandContext, 'positionals' | 'spec'>, max: number): void {
  if (ctx.positionals.length > max)
    throw usageError(
      `too many arguments: ${ctx.positionals.slice(max).join(' ')}`,
      `usage: strata ${ctx.spec.path} ${ctx.spec.usage}`,
    );
}

/** Refuses a ref with a version (`@v`, or esc's legacy `:v`) where a command edits the latest. */
export function refWithoutVersion(ref: string, verb: string): string {
  const { base, version } = splitVersion(ref);
  if (version !== undefined)
    throw usageError(
      `the ${verb} command does not accept versions`,
      `drop the version from ${ref}: use ${base === '' ? '<env>' : base}`,
    );
  return ref;
}

/**
 * Reads a file, or stdin for `-`, as UTF-8 text: other bytes are refused, never replaced; more
 * than the definition size limit (`--max-definition-size`) is refused without being read whole.
 */
export async function readInput(
  ctx: Pick<CommandContext, 'io'> & SizeLimited,
  file: string,
): Promise<string> {
  const limit = definitionLimit(ctx);
  const shown = file === '-' ? 'stdin' : file;
  let bytes: Buffer | undefined;
  if (file === '-') {
    bytes = await readStreamBounded(ctx.io.stdin, limit);
  } else {
    try {
      bytes = readFileBounded(resolve(ctx.io.cwd, file), limit);
    } catch (error) {
      throw usageError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        'check the path and its permissions (or pass - to read stdin)',
      );
    }
  }
  if (bytes === undefined) throw inputTooLarge(shown, limit);
  return decodeUtf8(bytes, `file content must be valid UTF-8: ${shown}`);
}
