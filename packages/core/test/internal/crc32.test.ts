import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/internal/crc32.js';

describe('crc32', () => {
  it('gives the check value of the IEEE polynomial', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('agrees with zlib on random inputs', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(i * 7);
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    }
  });
});
