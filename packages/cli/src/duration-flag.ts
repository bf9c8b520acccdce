import { usageError } from './cli-error.js';

/** A flag's duration, `30d`, `12h`, `15m` or `90s`, in milliseconds; a usage error otherwise. */
export function durationFlagMs(text: string): number {
  const match = /^(\d{1,6})([dhms])$/.exec(text);
  if (match === null)
    throw usageError(
      `invalid duration ${JSON.stringify(text)}`,
      'use a number and d, h, m or s: 30d',
    );
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[
    match[2] as 'd' | 'h' | 'm' | 's'
  ];
  const ms = Number(match[1]) * unit;
  if (ms <= 0) throw usageError(`the duration ${text} is not positive`, 'use a positive duration');
  return ms;
}
