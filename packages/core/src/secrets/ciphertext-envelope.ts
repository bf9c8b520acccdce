import { crc32 } from '../internal/crc32.js';
import { decodeBase64Std } from '../internal/_decode-base64.js';

// ESC's ciphertext envelope (language-spec §4.2): base64 of "escx" + uint32 BE version 1 +
// payload + uint32 BE CRC-32 (IEEE) of everything before it.

const MAGIC = 'escx';
const VERSION = 1;

export type DecodedCiphertext =
  | { readonly ok: true; readonly payload: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/** Unwraps the envelope; the reason on failure is the text ESC prints after `invalid ciphertext: `. */
export function decodeCiphertext(text: string): DecodedCiphertext {
  const decoded = decodeBase64Std(text);
  if (!decoded.ok) return { ok: false, reason: decoded.error };
  const bytes = decoded.bytes;
  if (bytes.length < 16) return { ok: false, reason: 'EOF' };
  if (bytes.toString('latin1', 0, 4) !== MAGIC) return { ok: false, reason: 'invalid header' };
  const body = bytes.subarray(0, bytes.length - 4);
  if (crc32(body) !== bytes.readUInt32BE(bytes.length - 4))
    return { ok: false, reason: 'invalid checksum' };
  if (bytes.readUInt32BE(4) !== VERSION) return { ok: false, reason: 'unsupported version' };
  return { ok: true, payload: new Uint8Array(body.subarray(8)) };
}

/** Wraps a payload in the envelope and base64-encodes it. */
export function encodeCiphertext(payload: Uint8Array): string {
  const body = Buffer.alloc(8 + payload.length);
  body.write(MAGIC, 0, 'latin1');
  body.writeUInt32BE(VERSION, 4);
  Buffer.from(payload).copy(body, 8);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(body));
  return Buffer.concat([body, sum]).toString('base64');
}
