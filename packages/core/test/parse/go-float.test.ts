import { describe, expect, it } from 'vitest';
import { formatGoFloat } from '../../src/internal/_go-float.js';

describe('formatGoFloat', () => {
  it.each([
    // language-spec §1.1 examples
    [1.0, '1'],
    [3.1, '3.1'],
    [1e3, '1000'],
    [123456.5, '123456.5'],
    [1000000.0, '1e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [2.5e10, '2.5e+10'],
    // exponent boundaries of %g with shortest precision
    [999999, '999999'],
    [1234567, '1.234567e+06'],
    [0.000123, '0.000123'],
    [0.0000123, '1.23e-05'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [1.5e-300, '1.5e-300'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    // shortest round-trip digits
    [0.1, '0.1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-2.5, '-2.5'],
    [-1e6, '-1e+06'],
    [100, '100'],
    [0, '0'],
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%d → %s', (n, text) => {
    expect(formatGoFloat(n)).toBe(text);
  });
});
