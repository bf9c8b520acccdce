import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from '../internal/crc32.js';

/** Who a token acts for: a user, an organization (with a role), or a team (issue: teams). */
export type TokenKind = 'personal' | 'organization' | 'team';

const LETTER: Record<TokenKind, string> = { personal: 'p', organization: 'o', team: 't' };
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Access tokens look like `strata_p_<32 random base62><6 base62 CRC-32 of them>`: a prefix secret
 * scanners recognise (`strata_[pot]_[0-9A-Za-z]{38}`) and a checksum that tells a real token from a
 * string that merely looks like one, without a lookup.
 */
export const ACCESS_TOKEN_PATTERN = /^strata_[pot]_[0-9A-Za-z]{38}$/;

function base62(bytes: Uint8Array, length: number): string {
  let out = '';
  for (const byte of bytes) {
    out += BASE62[byte % 62];
    if (out.length === length) break;
  }
  return out;
}

function checksum(body: string): string {
  let n = crc32(new TextEncoder().encode(body));
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A new token of `kind`, with its checksum. */
export function generateAccessToken(kind: TokenKind): string {
  // Rejection-free: 64 random bytes give well over 32 base62 characters of ~5.95 bits each.
  const body = base62(randomBytes(64), 32);
  return `strata_${LETTER[kind]}_${body}${checksum(body)}`;
}

/** True when `text` has the shape and checksum of a Strata access token. */
export function isWellFormedAccessToken(text: string): boolean {
  if (!ACCESS_TOKEN_PATTERN.test(text)) return false;
  const body = text.slice(9, 41);
  return checksum(body) === text.slice(41);
}

/** What is stored of a token: its SHA-256, never the token itself. */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
