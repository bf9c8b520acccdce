import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
// Allocated at first use: the web console's bundle imports this module and has no Buffer.
let pool: Buffer | undefined;
let used = POOL_BYTES;

/**
 * `bytes` random bytes from the system's CSPRNG, as hex, for ids and version tokens. They are
 * drawn from a pool filled 4 KiB at a time, as Node's randomUUID does: one call into the CSPRNG
 * per few hundred ids instead of one per id (a server makes several per request). No byte is
 * handed out twice.
 */
export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES / 4) return randomBytes(bytes).toString('hex');
  if (pool === undefined || used + bytes > POOL_BYTES) {
    pool = randomFillSync(pool ?? Buffer.alloc(POOL_BYTES));
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}
