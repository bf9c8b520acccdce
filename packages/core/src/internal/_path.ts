// Document paths as ESC prints them (language-spec §1.5): `values.a["b-c"][0]`.

/** Appends a key: bare when it is an identifier, else `["..."]` with `"` escaped. Empty keys add nothing. */
export function appendPathKey(path: string, key: string): string {
  if (key === '') return path;
  if (isBareKey(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}["${key.replaceAll('"', '\\"')}"]`;
}

export function appendPathIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** `[A-Za-z_][A-Za-z0-9_]*` */
function isBareKey(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
    if (!letter && (i === 0 || c < 0x30 || c > 0x39)) return false;
  }
  return key.length > 0;
}
