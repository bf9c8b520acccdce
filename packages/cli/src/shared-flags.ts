// Flags that several commands declare alike.
import type { FlagSpec } from './command.js';

export const FILE = {
  type: 'string',
  short: 'f',
  description: 'read the definition from a file (- for stdin)',
  placeholder: 'file',
} as const satisfies FlagSpec;

/** esc's `--utc`: Strata prints times in UTC always. */
export const UTC = {
  type: 'boolean',
  description: 'print times in UTC (always on)',
} as const satisfies FlagSpec;

export const SHOW_SECRETS = {
  type: 'boolean',
  description: 'show secret values in plaintext',
} as const satisfies FlagSpec;

/** The definition size limit (input-limit.ts), on the commands that write definitions. */
export const MAX_SIZE = {
  type: 'string',
  description: 'refuse definitions larger than this (default 1MiB; K, M, G: KiB, MiB, GiB)',
  placeholder: 'size',
} as const satisfies FlagSpec;

export const YES = {
  type: 'boolean',
  short: 'y',
  description: 'do not ask for confirmation',
} as const satisfies FlagSpec;
