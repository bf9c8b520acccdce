// Translates a Go RE2 pattern (schema `pattern`) into an equivalent JavaScript `u` RegExp source,
// rejecting what RE2 rejects (look-around, back-references) with Go's error texts. Anchors, `.`
// and `\s` are rewritten because their JavaScript meanings differ (line terminators, Unicode
// spaces). Case-insensitivity is supported as a leading `(?i)` only.

export type Re2Translation =
  | { readonly ok: true; readonly source: string; readonly flags: string }
  | { readonly ok: false; readonly error: string };

class Re2Error extends Error {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

interface Flags {
  m: boolean;
  s: boolean;
  U: boolean;
}

type Range = readonly [number, number];

const MAX_RUNE = 0x10ffff;
const MAX_REPEAT = 1000;

const BEGIN_TEXT = '(?:(?<![\\s\\S]))';
const END_TEXT = '(?:(?![\\s\\S]))';
const BEGIN_LINE = '(?:(?<![^\\n]))';
const END_LINE = '(?:(?![^\\n]))';

const GO_SPACE: readonly Range[] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];

const POSIX_CLASSES: Readonly<Record<string, readonly Range[]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

function u(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A literal code point outside a class: word characters as-is, everything else escaped. */
function literal(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /^[A-Za-z0-9_]$/.test(ch) || cp > 0x7f ? ch : u(cp);
}

function rangesSource(ranges: readonly Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? u(lo) : `${u(lo)}-${u(hi)}`)).join('');
}

function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

function isOctal(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '7';
}

function isHex(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9A-Fa-f]$/.test(ch);
}

class Translator {
  private readonly cs: string[];
  private p = 0;
  private flags: Flags = { m: false, s: false, U: false };
  private ignoreCase = false;
  private readonly names = new Set<string>();

  constructor(private readonly pattern: string) {
    this.cs = Array.from(pattern);
  }

  private text(from: number, to = this.cs.length): string {
    return this.cs.slice(from, to).join('');
  }

  private rest(): string {
    return this.text(this.p);
  }

  translate(): Re2Translation {
    const out: string[] = [];
    const stack: Flags[] = [];
    let canRepeat = false;
    let lastRepeat: number | undefined;
    const atom = (s: string): void => {
      out.push(s);
      canRepeat = true;
      lastRepeat = undefined;
    };

    while (this.p < this.cs.length) {
      const start = this.p;
      const ch = this.cs[this.p] as string;
      switch (ch) {
        case '*':
        case '+':
        case '?':
        case '{': {
          let op: string = ch;
          this.p++;
          if (ch === '{') {
            const rep = /^(\d+)(,(\d*))?\}/.exec(this.rest());
            if (rep === null) {
              atom(u(0x7b));
              break;
            }
            const min = Number(rep[1]);
            const max = rep[2] === undefined ? min : rep[3] === '' ? -1 : Number(rep[3]);
            this.p += rep[0].length;
            if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
              throw new Re2Error('invalid repeat count', this.text(start, this.p));
            }
            op = `{${min}${rep[2] === undefined ? '' : `,${max < 0 ? '' : max}`}}`;
          }
          let lazy = false;
          if (this.cs[this.p] === '?') {
            lazy = true;
            this.p++;
          }
          if (lastRepeat !== undefined) {
            throw new Re2Error('invalid nested repetition operator', this.text(lastRepeat, this.p));
          }
          if (!canRepeat) {
            throw new Re2Error('missing argument to repetition operator', this.text(start, this.p));
          }
          out.push(op + (lazy !== this.flags.U ? '?' : ''));
          lastRepeat = start;
          break;
        }
        case '(': {
          const group = this.openGroup();
          if (group === undefined) break; // a flags-only group changes state, emits nothing
          stack.push({ ...this.flags });
          if (group.flags !== undefined) this.flags = group.flags;
          out.push(group.open);
          canRepeat = false;
          lastRepeat = undefined;
          break;
        }
        case ')': {
          const saved = stack.pop();
          if (saved === undefined) throw new Re2Error('unexpected )', this.pattern);
          this.flags = saved;
          this.p++;
          atom(')');
          break;
        }
        case '|':
          this.p++;
          out.push('|');
          canRepeat = false;
          lastRepeat = undefined;
          break;
        case '^':
          this.p++;
          atom(this.flags.m ? BEGIN_LINE : BEGIN_TEXT);
          break;
        case '$':
          this.p++;
          atom(this.flags.m ? END_LINE : END_TEXT);
          break;
        case '.':
          this.p++;
          atom(this.flags.s ? '[\\s\\S]' : '[^\\n]');
          break;
        case '[':
          atom(this.parseClass());
          break;
        case '\\':
          atom(this.parseTopEscape());
          break;
        default:
          this.p++;
          atom(literal(ch.codePointAt(0) ?? 0));
      }
    }
    if (stack.length > 0) throw new Re2Error('missing closing )', this.pattern);
    return { ok: true, source: out.join(''), flags: this.ignoreCase ? 'ui' : 'u' };
  }

  /** At `(`: returns the JavaScript group opener, or undefined for a `(?flags)` directive. */
  private openGroup(): { open: string; flags?: Flags } | undefined {
    const start = this.p;
    if (this.cs[this.p + 1] !== '?') {
      this.p++;
      return { open: '(' };
    }
    const t = this.rest();
    // Named captures: (?P<name>re) and (?<name>re). Look-behind `(?<=` lands here, as in Go.
    if (t.startsWith('(?P<') || t.startsWith('(?<')) {
      const begin = t.startsWith('(?P<') ? 4 : 3;
      const end = t.indexOf('>');
      if (end < 0) throw new Re2Error('invalid named capture', t);
      const name = t.slice(begin, end);
      if (name === '' || !/^\w+$/.test(name))
        throw new Re2Error('invalid named capture', t.slice(0, end + 1));
      if (this.names.has(name)) throw new Re2Error('duplicate capture group name', name);
      this.names.add(name);
      this.p += Array.from(t.slice(0, end + 1)).length;
      return { open: '(' };
    }
    // Flags: (?ims-U) or (?ims-U:re).
    const flags = { ...this.flags };
    let sign = 1;
    let sawFlag = false;
    let setsI: boolean | undefined;
    for (let i = this.p + 2; i < this.cs.length; i++) {
      const c = this.cs[i] as string;
      switch (c) {
        case 'i':
          setsI = sign > 0;
          sawFlag = true;
          break;
        case 'm':
        case 's':
        case 'U':
          flags[c] = sign > 0;
          sawFlag = true;
          break;
        case '-':
          if (sign < 0)
            throw new Re2Error('invalid or unsupported Perl syntax', this.text(start, i + 1));
          sign = -1;
          sawFlag = false;
          break;
        case ':':
        case ')': {
          if (sign < 0 && !sawFlag) {
            throw new Re2Error('invalid or unsupported Perl syntax', this.text(start, i + 1));
          }
          if (setsI !== undefined) {
            // JavaScript (Node 20) has no scoped case-insensitivity; only a leading (?i) maps to a flag.
            if (!(start === 0 && c === ')' && setsI)) {
              throw new Re2Error(
                'case-insensitive groups are not supported',
                this.text(start, i + 1),
              );
            }
            this.ignoreCase = true;
          }
          this.p = i + 1;
          if (c === ')') {
            this.flags = flags;
            return undefined;
          }
          return { open: '(?:', flags };
        }
        default:
          throw new Re2Error('invalid or unsupported Perl syntax', this.text(start, i + 1));
      }
    }
    throw new Re2Error('missing closing )', this.pattern);
  }

  private parseTopEscape(): string {
    const c = this.cs[this.p + 1];
    switch (c) {
      case 'A':
        this.p += 2;
        return BEGIN_TEXT;
      case 'z':
        this.p += 2;
        return END_TEXT;
      case 'b':
      case 'B':
        this.p += 2;
        return `(?:\\${c})`;
      case 'Q': {
        this.p += 2;
        let lit = '';
        while (this.p < this.cs.length) {
          if (this.cs[this.p] === '\\' && this.cs[this.p + 1] === 'E') {
            this.p += 2;
            break;
          }
          lit += literal((this.cs[this.p] as string).codePointAt(0) ?? 0);
          this.p++;
        }
        return lit === '' ? '(?:)' : `(?:${lit})`;
      }
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        this.p += 2;
        return `\\${c}`;
      case 's':
        this.p += 2;
        return `[${rangesSource(GO_SPACE)}]`;
      case 'S':
        this.p += 2;
        return `[^${rangesSource(GO_SPACE)}]`;
      case 'p':
      case 'P':
        return this.parseUnicodeClass(false);
      default:
        return literal(this.parseEscape());
    }
  }

  /** At `\`: an escape that denotes one code point. */
  private parseEscape(): number {
    const start = this.p;
    this.p++;
    const c = this.cs[this.p];
    if (c === undefined) throw new Re2Error('trailing backslash at end of expression', '');
    this.p++;
    const bad = (): Re2Error => new Re2Error('invalid escape sequence', this.text(start, this.p));
    switch (c) {
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        // A lone non-zero digit would be a back-reference, which RE2 does not support.
        if (c !== '0' && !isOctal(this.cs[this.p])) throw bad();
        let v = Number(c);
        for (let i = 0; i < 2 && isOctal(this.cs[this.p]); i++) {
          v = v * 8 + Number(this.cs[this.p]);
          this.p++;
        }
        return v;
      }
      case 'x': {
        if (this.cs[this.p] === '{') {
          this.p++;
          let digits = '';
          while (isHex(this.cs[this.p])) digits += this.cs[this.p++] as string;
          if (this.cs[this.p] !== '}' || digits === '') {
            if (this.p < this.cs.length) this.p++;
            throw bad();
          }
          this.p++;
          const v = parseInt(digits, 16);
          if (v > MAX_RUNE) throw bad();
          return v;
        }
        const h1 = this.cs[this.p];
        const h2 = this.cs[this.p + 1];
        if (!isHex(h1) || !isHex(h2)) {
          this.p = Math.min(this.p + 2, this.cs.length);
          throw bad();
        }
        this.p += 2;
        return parseInt(`${h1}${h2}`, 16);
      }
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'v':
        return 0x0b;
      default: {
        const cp = c.codePointAt(0) ?? 0;
        // Any escaped ASCII punctuation stands for itself.
        if (cp < 0x80 && !/^[A-Za-z0-9]$/.test(c)) return cp;
        throw bad();
      }
    }
  }

  /** At `\p` / `\P`: a Unicode class, inside or outside brackets. */
  private parseUnicodeClass(inClass: boolean): string {
    const start = this.p;
    let negate = this.cs[this.p + 1] === 'P';
    this.p += 2;
    let name: string;
    if (this.cs[this.p] === '{') {
      const close = this.cs.indexOf('}', this.p);
      if (close < 0) throw new Re2Error('invalid character class range', this.rest());
      name = this.text(this.p + 1, close);
      this.p = close + 1;
    } else {
      const c = this.cs[this.p];
      if (c === undefined) throw new Re2Error('invalid character class range', this.text(start));
      name = c;
      this.p++;
    }
    if (name.startsWith('^')) {
      negate = !negate;
      name = name.slice(1);
    }
    const expr = this.text(start, this.p);
    if (name === 'Any') {
      if (inClass) return negate ? '' : `${u(0)}-${u(MAX_RUNE)}`;
      return negate ? '[^\\s\\S]' : '[\\s\\S]';
    }
    const prop = CATEGORIES.has(name) ? name : `Script=${name}`;
    try {
      new RegExp(`\\p{${prop}}`, 'u');
    } catch {
      throw new Re2Error('invalid character class range', expr);
    }
    return `\\${negate ? 'P' : 'p'}{${prop}}`;
  }

  /** At `[`: a bracketed class. */
  private parseClass(): string {
    const start = this.p;
    this.p++;
    let negate = false;
    if (this.cs[this.p] === '^') {
      negate = true;
      this.p++;
    }
    const missing = (): Re2Error => new Re2Error('missing closing ]', this.text(start));
    let items = '';
    let first = true;
    while (this.cs[this.p] !== ']' || first) {
      if (this.p >= this.cs.length) throw missing();
      first = false;
      const t = this.rest();
      const posix = /^\[:(\^?)([a-z]*):\]/.exec(t);
      if (posix !== null) {
        const ranges = POSIX_CLASSES[posix[2] as string];
        if (ranges === undefined) throw new Re2Error('invalid character class range', posix[0]);
        items += rangesSource(posix[1] === '^' ? complement(ranges) : ranges);
        this.p += posix[0].length;
        continue;
      }
      if (t.startsWith('\\p') || t.startsWith('\\P')) {
        items += this.parseUnicodeClass(true);
        continue;
      }
      const perl = /^\\([dDwWsS])/.exec(t);
      if (perl !== null) {
        const c = perl[1] as string;
        items +=
          c === 's'
            ? rangesSource(GO_SPACE)
            : c === 'S'
              ? rangesSource(complement(GO_SPACE))
              : `\\${c}`;
        this.p += 2;
        continue;
      }
      const rangeStart = this.p;
      const lo = this.parseClassChar(missing);
      let hi = lo;
      if (this.cs[this.p] === '-' && this.cs[this.p + 1] !== ']' && this.p + 1 < this.cs.length) {
        this.p++;
        hi = this.parseClassChar(missing);
        if (hi < lo)
          throw new Re2Error('invalid character class range', this.text(rangeStart, this.p));
      }
      items += rangesSource([[lo, hi]]);
    }
    this.p++;
    if (items === '') return negate ? '[\\s\\S]' : '[^\\s\\S]';
    return `[${negate ? '^' : ''}${items}]`;
  }

  private parseClassChar(missing: () => Re2Error): number {
    const c = this.cs[this.p];
    if (c === undefined) throw missing();
    if (c === '\\') return this.parseEscape();
    this.p++;
    return c.codePointAt(0) ?? 0;
  }
}

/** Translates an RE2 pattern to a JavaScript RegExp source and flags, or Go's parse error. */
export function translateRe2(pattern: string): Re2Translation {
  try {
    const result = new Translator(pattern).translate();
    if (result.ok) new RegExp(result.source, result.flags);
    return result;
  } catch (err) {
    if (err instanceof Re2Error) return { ok: false, error: err.message };
    return { ok: false, error: `error parsing regexp: invalid syntax: \`${pattern}\`` };
  }
}
