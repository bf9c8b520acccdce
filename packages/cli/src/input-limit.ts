// The size limit on definitions, as the CLI applies it to what it reads: files, stdin, the
// editor's file and argv are read with a bound (never more than limit + 1 bytes), so an endless
// input (`-f /dev/zero`) is refused at once. The rule itself, on every write, is core's
// (`maxDefinitionBytes` of the environments service); the CLI passes it the same limit.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { DEFAULT_MAX_DEFINITION_BYTES } from '@strata/core';
import { CliError, usageError } from './cli-error.js';
import { EXIT } from './exit-codes.js';

/** The flag that sets the limit, on the commands that write definitions. */
export const MAX_SIZE_FLAG = 'max-definition-size';

/** 1 MiB: core's default. */
export const DEFAULT_LIMIT = DEFAULT_MAX_DEFINITION_BYTES;

/** The largest limit the flag accepts. */
const MAX_LIMIT = 1024 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 * 1024,
  mib: 1024 * 1024,
  g: 1024 * 1024 * 1024,
  gib: 1024 * 1024 * 1024,
};

/** Parses `--max-definition-size`: bytes, or a number with K/KiB, M/MiB or G/GiB (powers of 1024). */
export function parseSize(text: string): number {
  const match = /^\s*([0-9]+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match === null ? undefined : UNITS[(match[2] ?? '').toLowerCase()];
  const bytes = match === null || unit === undefined ? NaN : Number(match[1]) * unit;
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > MAX_LIMIT)
    throw usageError(
      `invalid value ${JSON.stringify(text)} for --${MAX_SIZE_FLAG}`,
      'give a size from 1 byte to 1GiB: a number of bytes, or with K, M or G (KiB, MiB, GiB), e.g. 4MiB',
    );
  return bytes;
}

/** What a command that declares `--max-definition-size` has in its context. */
export interface SizeLimited {
  readonly flags: { readonly [MAX_SIZE_FLAG]: string | undefined };
}

/** The limit a command works with: its `--max-definition-size`, else 1 MiB. */
export function definitionLimit(ctx: SizeLimited): number {
  const text = ctx.flags[MAX_SIZE_FLAG];
  return text === undefined ? DEFAULT_LIMIT : parseSize(text);
}

/** `1 MiB`, `512 KiB`, or `1000 bytes`. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The error for an input over the limit; `what` names it (`/dev/zero`, `stdin`, `the value`). */
export function inputTooLarge(what: string, limit: number): CliError {
  return new CliError(
    `${what} is larger than the definition size limit of ${formatSize(limit)}; nothing was stored`,
    `environments are meant to be small: split it with imports, or raise the limit with --${MAX_SIZE_FLAG} (e.g. --${MAX_SIZE_FLAG} 4MiB)`,
    EXIT.REFUSED,
  );
}

/** Refuses text (from argv) longer than the limit. */
export function checkTextSize(what: string, text: string, limit: number): void {
  if (text.length > limit || Buffer.byteLength(text) > limit) throw inputTooLarge(what, limit);
}

/**
 * Reads a file, never more than `limit` + 1 bytes of it: undefined when it holds more. A regular
 * file is judged by its size first; devices and pipes (`/dev/zero`, `<(cmd)`) by what they give.
 */
export function readFileBounded(path: string, limit: number): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > limit) return undefined;
    const chunk = Buffer.allocUnsafe(Math.min(limit + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > limit) return undefined;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Reads a stream to its end, or stops (and destroys it) once it holds more than `limit` bytes. */
export async function readStreamBounded(
  stream: Readable,
  limit: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    total += bytes.length;
    if (total > limit) {
      stream.destroy();
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/** Decodes UTF-8, refusing (never replacing) bytes that are not UTF-8 with `message`. */
export function decodeUtf8(bytes: Uint8Array, message: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usageError(
      message,
      'environments hold text; store binary data base64-encoded (fn::fromBase64 decodes it)',
    );
  }
}
