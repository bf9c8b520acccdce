// Exact decimal arithmetic for numeric schema keywords: values keep their decimal text, so
// `0.3` is a multiple of `0.1` and bounds compare without binary rounding.

/** value = mantissa × 10^exponent */
export interface Decimal {
  readonly mantissa: bigint;
  readonly exponent: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

// Beyond this exponent gap, scaling to a common exponent would allocate absurd integers.
const MAX_SCALE = 4096;

/** Parses decimal text (`42`, `-3.14`, `1e+21`); undefined when it is not a decimal number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return undefined;
  const digits = `${int}${frac}`.replace(/^0+(?=\d)/, '');
  const exponent = Number(exp) - frac.length;
  if (!Number.isSafeInteger(exponent)) return undefined;
  const mantissa = BigInt(digits);
  return { mantissa: sign === '-' ? -mantissa : mantissa, exponent };
}

/** The decimal a JavaScript number prints as (its shortest round-trip text). */
export function decimalOfNumber(n: number): Decimal | undefined {
  return Number.isFinite(n) ? parseDecimal(String(n)) : undefined;
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint] | undefined {
  const e = Math.min(a.exponent, b.exponent);
  const da = a.exponent - e;
  const db = b.exponent - e;
  if (da > MAX_SCALE || db > MAX_SCALE) return undefined;
  return [a.mantissa * 10n ** BigInt(da), b.mantissa * 10n ** BigInt(db)];
}

function toFloat(d: Decimal): number {
  return Number(`${d.mantissa}e${d.exponent}`);
}

/** Sign of a − b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const pair = aligned(a, b);
  if (pair === undefined) return Math.sign(toFloat(a) - toFloat(b));
  const [x, y] = pair;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when n / m is an integer (false for m = 0, as n / 0 is not finite). */
export function isMultipleOf(n: Decimal, m: Decimal): boolean {
  if (m.mantissa === 0n) return false;
  const pair = aligned(n, m);
  if (pair === undefined) return Number.isInteger(toFloat(n) / toFloat(m));
  const [x, y] = pair;
  return x % y === 0n;
}
