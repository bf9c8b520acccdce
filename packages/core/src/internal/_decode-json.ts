import { JsonNumber } from './json-value.js';

/** JSON data with numbers kept as text (Go's `UseNumber`). */
export type JsonTree = null | boolean | JsonNumber | string | JsonTree[] | Map<string, JsonTree>;

class JsonSyntaxError extends Error {}

/**
 * Reads ONE JSON value from the start of `text`, ignoring anything after it, as Go's
 * json.Decoder does; errors carry Go's wording. Iterative, so deep nesting cannot overflow.
 */
export function decodeJsonValue(
  text: string,
): { ok: true; value: JsonTree } | { ok: false; error: string } {
  try {
    return { ok: true, value: new Reader(text).read() };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

type Frame =
  | { kind: 'array'; items: JsonTree[] }
  | { kind: 'object'; entries: Map<string, JsonTree>; key: string | undefined };

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  read(): JsonTree {
    this.skipSpace();
    if (this.i >= this.s.length) throw new JsonSyntaxError('EOF');
    const stack: Frame[] = [];
    for (;;) {
      let value: JsonTree;
      const top = stack.at(-1);
      this.skipSpace();
      if (top?.kind === 'object' && top.key === undefined) {
        // expecting a key or the end of an empty object
        if (this.peek() === '}' && top.entries.size === 0) {
          this.i++;
          value = top.entries;
          stack.pop();
        } else {
          if (this.peek() !== '"') throw this.invalid('looking for beginning of object key string');
          top.key = this.readString();
          this.skipSpace();
          if (this.peek() !== ':') throw this.invalid('after object key');
          this.i++;
          continue;
        }
      } else if (top?.kind === 'array' && top.items.length === 0 && this.peek() === ']') {
        this.i++;
        value = top.items;
        stack.pop();
      } else {
        const c = this.peek();
        if (c === '{') {
          this.i++;
          stack.push({ kind: 'object', entries: new Map(), key: undefined });
          continue;
        }
        if (c === '[') {
          this.i++;
          stack.push({ kind: 'array', items: [] });
          continue;
        }
        value = this.readScalar();
      }
      // attach the completed value and close any finished containers
      for (;;) {
        const parent = stack.at(-1);
        if (parent === undefined) return value;
        if (parent.kind === 'array') parent.items.push(value);
        else {
          parent.entries.set(parent.key!, value);
          parent.key = undefined;
        }
        this.skipSpace();
        const c = this.peek();
        if (c === ',') {
          this.i++;
          break;
        }
        const closer = parent.kind === 'array' ? ']' : '}';
        if (c !== closer) {
          throw this.invalid(
            parent.kind === 'array' ? 'after array element' : 'after object key:value pair',
          );
        }
        this.i++;
        stack.pop();
        value = parent.kind === 'array' ? parent.items : parent.entries;
      }
    }
  }

  private readScalar(): JsonTree {
    const c = this.peek();
    if (c === '"') return this.readString();
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
      if (c === word[0]) {
        for (let k = 1; k < word.length; k++) {
          if (this.i + k >= this.s.length) throw new JsonSyntaxError('unexpected EOF');
          if (this.s[this.i + k] !== word[k]) {
            this.i += k;
            throw this.invalid(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
          }
        }
      }
    }
    throw this.invalid('looking for beginning of value');
  }

  private readNumber(): JsonNumber {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      this.s.slice(this.i, this.i + 512),
    );
    if (match === null || match[0] === '-') {
      this.i++;
      if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected EOF');
      throw this.invalid('in numeric literal');
    }
    this.i += match[0].length;
    return new JsonNumber(match[0]);
  }

  private readString(): string {
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected EOF');
      const c = this.s.charCodeAt(this.i);
      if (c === 0x22) {
        out += this.s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) throw this.invalid('in string literal');
      if (c === 0x5c) {
        out += this.s.slice(start, this.i);
        const e = this.s[this.i + 1];
        if (e === undefined) throw new JsonSyntaxError('unexpected EOF');
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.i++;
          throw this.invalid('in string escape code');
        }
        start = this.i;
        continue;
      }
      this.i++;
    }
  }

  private peek(): string {
    return this.s[this.i] ?? '';
  }

  private skipSpace(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
  }

  private invalid(context: string): JsonSyntaxError {
    if (this.i >= this.s.length) return new JsonSyntaxError('unexpected EOF');
    return new JsonSyntaxError(
      `invalid character ${quoteChar(String.fromCodePoint(this.s.codePointAt(this.i)!))} ${context}`,
    );
  }
}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}
