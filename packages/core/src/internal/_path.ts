// Document paths as ESC prints them (language-spec §1.5): `values.a["b-c"][0]`.

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends a key: bare when it is an identifier, else `["..."]` with `"` escaped. Empty keys add nothing. */
export function appendPathKey(path: string, key: string): string {
  if (key === '') return path;
  if (BARE_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}["${key.replaceAll('"', '\\"')}"]`;
}

export function appendPathIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
