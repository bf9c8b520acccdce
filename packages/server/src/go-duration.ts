import { InvalidArgumentError } from '@strata/core';

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A Go duration string (`2h0m0s`, `15m`, `1.5h`, `300ms`) in milliseconds, as esc sends `?duration=`
 * (Go's `time.Duration.String()`).
 */
export function parseGoDuration(text: string): number {
  const fail = (): never => {
    throw new InvalidArgumentError(
      `invalid duration ${JSON.stringify(text)}: use a Go duration such as 2h0m0s or 15m`,
    );
  };
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    total += Number(match[1]) * UNITS[match[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) fail();
  return total;
}
