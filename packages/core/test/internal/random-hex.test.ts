import { describe, expect, it } from 'vitest';
import { randomHex } from '../../src/internal/random-hex.js';

describe('randomHex', () => {
  it('gives hex of the length asked, never the same twice, across refills of its pool', () => {
    const seen = new Set<string>();
    // 10,000 ids of 8 bytes: the 4 KiB pool is refilled about twenty times.
    for (let i = 0; i < 10_000; i++) {
      const id = randomHex(8);
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(10_000);
    expect(randomHex(2000)).toMatch(/^[0-9a-f]{4000}$/);
  });
});
