/**
 * Go's base64.StdEncoding.DecodeString: strict padded decoding that skips \r and \n, failing with
 * `illegal base64 data at input byte N` (N counts the input as given).
 */
export function decodeBase64Std(
  text: string,
): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const fail = (at: number) => ({
    ok: false as const,
    error: `illegal base64 data at input byte ${at}`,
  });
  let quantum = 0;
  let padding = 0;
  let lastIndex = 0;
  let clean = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\r' || c === '\n') continue;
    lastIndex = i;
    if (c === '=') {
      if (quantum < 2) return fail(i);
      padding++;
      if (quantum + padding > 4) return fail(i);
    } else if (/[A-Za-z0-9+/]/.test(c)) {
      if (padding > 0) return fail(i);
      quantum++;
    } else {
      return fail(i);
    }
    clean += c;
    if (quantum + padding === 4) {
      quantum = 0;
      if (padding > 0) padding = 4; // anything after padding is an error
    }
  }
  if (padding === 4) padding = 0;
  if (quantum !== 0 || padding !== 0) return fail(quantum === 1 ? lastIndex : text.length);
  return { ok: true, bytes: Buffer.from(clean, 'base64') };
}
