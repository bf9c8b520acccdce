import type { Value } from '../../src/value/value.js';

const ZERO = { line: 0, column: 0, byte: 0 };
const DEF = { range: { filename: '', start: ZERO, end: ZERO }, path: '' };

interface Flags {
  secret?: boolean;
  unknown?: boolean;
  base?: Value;
}

function make(kind: Value['kind'], data: Value['data'], flags: Flags = {}): Value {
  return {
    kind,
    data,
    schema: true,
    def: DEF,
    base: flags.base,
    unknown: flags.unknown ?? false,
    secret: flags.secret ?? false,
    final: false,
    rotateOnly: false,
  };
}

export const nul = (flags?: Flags): Value => make('null', null, flags);
export const bool = (b: boolean, flags?: Flags): Value => make('boolean', b, flags);
/** A number given as its canonical decimal text. */
export const num = (text: string, flags?: Flags): Value => make('number', text, flags);
export const str = (s: string, flags?: Flags): Value => make('string', s, flags);
export const arr = (items: Value[], flags?: Flags): Value => make('array', items, flags);
/** An object; pass pairs instead of a record for keys such as `__proto__`. */
export const obj = (entries: Record<string, Value> | [string, Value][], flags?: Flags): Value =>
  make('object', new Map(Array.isArray(entries) ? entries : Object.entries(entries)), flags);
export const unknown = (flags?: Flags): Value =>
  make('unknown', undefined, { ...flags, unknown: true });
export const secret = (s: string): Value => str(s, { secret: true });
