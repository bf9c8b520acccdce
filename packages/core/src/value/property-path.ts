import { InvalidArgumentError } from '../errors.js';

/** One step of a property path: an object key or an array index. */
export type PathSegment = string | number;

/**
 * Parses a property path: `a.b`, `a[0]`, `a["b.c"]`. Keys in brackets are JSON strings, indexes
 * are decimal integers.
 */
export function parsePropertyPath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new InvalidArgumentError(`invalid property path ${JSON.stringify(text)}: ${why}`);
  };
  if (text === '') fail('empty');
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) fail('missing ]');
      const inner = text.slice(i + 1, close);
      if (/^[0-9]+$/.test(inner)) segments.push(Number(inner));
      else if (inner.startsWith('"')) {
        // Find the closing quote of a JSON string that may contain ].
        const end = findStringEnd(text, i + 1);
        if (end < 0 || text[end + 1] !== ']') fail('bad quoted key');
        segments.push(JSON.parse(text.slice(i + 1, end + 1)) as string);
        i = end + 2;
        if (text[i] === '.') i++;
        continue;
      } else fail(`bad index ${inner}`);
      i = close + 1;
      if (text[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    if (j === i) fail('empty key');
    segments.push(text.slice(i, j));
    i = j;
    if (text[i] === '.') {
      i++;
      if (i === text.length) fail('ends with .');
    }
  }
  return segments;
}

function findStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Formats a path back in the same syntax. */
export function formatPropertyPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
