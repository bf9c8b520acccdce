import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';

/** The positional at `index`, or a usage error naming it. */
export function requireArg(ctx: CommandContext, index: number, name: string): string {
  const value = ctx.positionals[index];
  if (value === undefined || value === '')
    throw usageError(`missing ${name}`, `usage: strata ${ctx.spec.path} ${ctx.spec.usage}`);
  return value;
}

/** Refuses positionals beyond `max`. */
export function maxArgs(ctx: CommandContext, max: number): void {
  if (ctx.positionals.length > max)
    throw usageError(
      `too many arguments: ${ctx.positionals.slice(max).join(' ')}`,
      `usage: strata ${ctx.spec.path} ${ctx.spec.usage}`,
    );
}

/** Refuses a ref with a version where a command edits the latest revision. */
export function refWithoutVersion(ctx: CommandContext, ref: string, verb: string): string {
  if (ref.includes('@'))
    throw usageError(
      `the ${verb} command does not accept versions`,
      `drop the @version from ${ref}`,
    );
  return ref;
}

/** Reads a file, or stdin for `-`, as UTF-8 text: other bytes are refused, never replaced. */
export async function readInput(ctx: CommandContext, file: string): Promise<string> {
  let bytes: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    bytes = Buffer.concat(chunks);
  } else {
    try {
      bytes = readFileSync(resolve(ctx.io.cwd, file));
    } catch (error) {
      throw usageError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usageError(
      `file content must be valid UTF-8: ${file === '-' ? 'stdin' : file}`,
      'environments hold text; store binary data base64-encoded (fn::fromBase64 decodes it)',
    );
  }
}
