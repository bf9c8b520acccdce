const SECRET_KEY = /passwd|pass|password|pwd|secret|token/i;

/**
 * The guard of `env set`: a string under a key named like a password whose first 16 characters
 * look random. A simplified stand-in for esc's zxcvbn check: the bits of the distinct characters
 * drawn from the character classes present.
 */
export function looksLikeSecret(key: string, value: string): boolean {
  // An interpolation refers to a value (a secret, if it is one) rather than holding it.
  if (!SECRET_KEY.test(key) || value.includes('${')) return false;
  const sample = [...value].slice(0, 16);
  if (sample.length === 0) return false;
  let charset = 0;
  const text = sample.join('');
  if (/[a-z]/.test(text)) charset += 26;
  if (/[A-Z]/.test(text)) charset += 26;
  if (/[0-9]/.test(text)) charset += 10;
  if (/[^a-zA-Z0-9]/.test(text)) charset += 33;
  const bits = new Set(sample).size * Math.log2(charset);
  return bits >= 80 || (bits >= 40 && bits / sample.length >= 3);
}
