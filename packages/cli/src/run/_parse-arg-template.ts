// `${...}` scanning for command arguments (language-spec §3.1–3.2). Unlike the evaluator, which
// recovers from errors with diagnostics, this only says whether the whole argument parsed: one
// that does not is passed to the command untouched, as esc does.

/** One step of an access: a property name or quoted key, or an array index. */
export type ArgAccessor = string | number;

/** Literal text followed by an optional access path. */
export interface ArgTemplatePart {
  readonly text: string;
  readonly path?: readonly ArgAccessor[] | undefined;
}

const DOLLAR = 0x24;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DOT = 0x2e;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Go's `unicode.IsSpace` on one code unit as ESC's scanner sees it. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
}

function endsName(c: number): boolean {
  return c === DOT || c === OPEN_BRACKET || c === CLOSE_BRACE || isSpace(c);
}

/** Go `strconv.ParseInt(s, 10, 64)` accepted forms, within the safe integer range. */
function parseIndex(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

class ArgSyntaxError extends Error {}

/** The parts of `arg`, or undefined when it does not parse. */
export function parseArgTemplate(arg: string): ArgTemplatePart[] | undefined {
  try {
    return scan(arg);
  } catch (error) {
    if (error instanceof ArgSyntaxError) return undefined;
    throw error;
  }
}

function scan(text: string): ArgTemplatePart[] {
  const parts: ArgTemplatePart[] = [];
  let pending = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === DOLLAR && next === DOLLAR) {
      pending += '$';
      i += 2;
    } else if (c === DOLLAR && next === OPEN_BRACE) {
      const { path, end } = parseAccess(text, i + 2);
      parts.push({ text: pending, path });
      pending = '';
      i = end;
    } else {
      pending += text[i];
      i++;
    }
  }
  if (pending !== '') parts.push({ text: pending });
  return parts;
}

function parseAccess(text: string, start: number): { path: ArgAccessor[]; end: number } {
  const path: ArgAccessor[] = [];
  let i = start;
  const name = (): string => {
    const from = i;
    while (i < text.length && !endsName(text.charCodeAt(i))) i++;
    if (i === from) throw new ArgSyntaxError('property name must not be empty');
    return text.slice(from, i);
  };
  for (;;) {
    if (i >= text.length) throw new ArgSyntaxError("missing closing brace '}'");
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) {
      // `${}` names the empty property: it is never found, so it interpolates as nothing.
      if (path.length === 0) path.push('');
      return { path, end: i + 1 };
    }
    if (isSpace(c)) throw new ArgSyntaxError("missing closing brace '}'");
    if (c === DOT) {
      i++;
      path.push(name());
    } else if (c === OPEN_BRACKET) {
      i++;
      if (text.charCodeAt(i) === QUOTE) {
        i++;
        let key = '';
        for (;;) {
          if (i >= text.length) throw new ArgSyntaxError('key subscript is missing closing quote');
          const k = text.charCodeAt(i++);
          if (k === QUOTE) break;
          if (k === BACKSLASH && text.charCodeAt(i) === QUOTE) {
            key += '"';
            i++;
          } else {
            key += String.fromCharCode(k);
          }
        }
        if (key === '') throw new ArgSyntaxError('key subscript must not be empty');
        path.push(key);
      } else {
        const from = i;
        while (i < text.length) {
          const k = text.charCodeAt(i);
          if (k === CLOSE_BRACKET || endsName(k)) break;
          i++;
        }
        const index = parseIndex(text.slice(from, i));
        if (index === undefined || path.length === 0) {
          throw new ArgSyntaxError('numeric subscript must be a positive base-10 integer');
        }
        path.push(index);
      }
      if (text.charCodeAt(i) !== CLOSE_BRACKET) {
        throw new ArgSyntaxError("subscript is missing closing bracket ']'");
      }
      i++;
    } else {
      path.push(name());
    }
  }
}
