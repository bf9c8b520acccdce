/**
 * Formats a double as Go's `strconv.FormatFloat(n, 'g', -1, 64)` does (language-spec §1.1): the
 * shortest digits that round-trip (the same digits JavaScript picks), in exponent form when the
 * decimal exponent is < -4 or >= 6, with a signed exponent of at least two digits.
 * `1e3` → `1000`, `123456.5` → `123456.5`, `1000000` → `1e+06`, `0.00001` → `1e-05`.
 * Non-finite values print as Go prints them: `NaN`, `+Inf`, `-Inf`.
 */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';

  const neg = n < 0;
  // toExponential() without an argument yields the shortest round-trip digits: "d.ddde±x".
  const exp = Math.abs(n).toExponential();
  const e = exp.indexOf('e');
  const digits = exp.slice(0, e).replace('.', '');
  const x = Number(exp.slice(e + 1));
  const sign = neg ? '-' : '';

  if (x < -4 || x >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ax = Math.abs(x);
    return `${sign}${mantissa}e${x < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  }
  // Fixed notation: the decimal point sits after x + 1 digits.
  const dp = x + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (digits.length <= dp) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
