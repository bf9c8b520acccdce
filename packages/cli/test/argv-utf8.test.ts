import { describe, expect, it } from 'vitest';
import { CliError } from '../src/cli-error.js';
import { refuseInvalidUtf8 } from '../src/argv-utf8.js';

const raw =
  (...args: (string | number[])[]) =>
  () =>
    args.map((a) => (typeof a === 'string' ? Buffer.from(a) : Buffer.from(a)));

describe('refuseInvalidUtf8', () => {
  it('accepts arguments without U+FFFD without reading the raw ones', () => {
    expect(() =>
      refuseInvalidUtf8(['env', 'set', 'a', 'k', 'v'], () => {
        throw new Error('not read');
      }),
    ).not.toThrow();
  });

  it('refuses an argument whose bytes were not UTF-8, naming its position', () => {
    const check = (): void =>
      refuseInvalidUtf8(
        ['env', 'set', 'a', 'k', 'a\uFFFDb'],
        raw('env', 'set', 'a', 'k', [0x61, 0xff, 0x62]),
      );
    expect(check).toThrow(CliError);
    expect(check).toThrow('argument 5 is not valid UTF-8; nothing was done');
  });

  it('accepts a U+FFFD that was really there', () => {
    expect(() => refuseInvalidUtf8(['x\uFFFD'], raw('x\uFFFD'))).not.toThrow();
  });

  it('refuses U+FFFD where the raw arguments cannot be read', () => {
    expect(() => refuseInvalidUtf8(['x\uFFFD'], () => undefined)).toThrow(CliError);
  });
});
