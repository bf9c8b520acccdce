import { Readable } from 'node:stream';
import { text as readText } from 'node:stream/consumers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SecretMasker,
  createSecretMaskStream,
  maskSecrets,
  secretPatterns,
} from '../../src/run/mask-secrets.js';

/** Feeds `chunks` through the stream masker and returns what comes out. */
async function maskChunks(chunks: readonly Uint8Array[], secrets: readonly string[]) {
  return readText(
    Readable.from(chunks.map((c) => Buffer.from(c))).pipe(createSecretMaskStream(secrets)),
  );
}

/** The obvious quadratic leftmost-longest masker, to check the automaton against. */
function naiveMask(input: string, secrets: readonly string[]): string {
  const patterns = secretPatterns(secrets);
  const bytes = Buffer.from(input);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length;) {
    let best = 0;
    for (const p of patterns) {
      if (p.length > best && bytes.subarray(i, i + p.length).equals(p)) best = p.length;
    }
    out.push(best > 0 ? Buffer.from('[secret]') : bytes.subarray(i, i + 1));
    i += Math.max(best, 1);
  }
  return Buffer.concat(out).toString();
}

/** Splits `bytes` at the given (sorted, deduplicated) offsets. */
function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const offsets = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const at of offsets) {
    parts.push(bytes.subarray(from, at));
    from = at;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

describe('maskSecrets', () => {
  it.each([
    ['plain occurrence', 'token=hunter2!', ['hunter2'], 'token=[secret]!'],
    ['every occurrence', 'abcXabcabc', ['abc'], '[secret]X[secret][secret]'],
    ['short secrets are not masked', 'ab ab', ['ab'], 'ab ab'],
    ['empty secret is ignored', 'hello', [''], 'hello'],
    ['longest at a position wins', 'password1', ['pass', 'password'], '[secret]1'],
    ['leftmost wins over longer later', 'abcdef', ['abc', 'bcdef'], '[secret]def'],
    ['non-overlapping', 'aaaaaaa', ['aaa'], '[secret][secret]a'],
    ['JSON-escaped form', '{"v":"a\\"b\\\\c"}', ['a"b\\c'], '{"v":"[secret]"}'],
    ['JSON-escaped newline', '"line1\\nline2"', ['line1\nline2'], '"[secret]"'],
    [
      'base64 form',
      `b64=${Buffer.from('s3cr3t!').toString('base64')}`,
      ['s3cr3t!'],
      'b64=[secret]',
    ],
    ['multi-byte UTF-8', 'x=pässwörd€ y', ['pässwörd€'], 'x=[secret] y'],
    ['no secrets', 'anything', [], 'anything'],
  ])('%s', (_name, input, secrets, expected) => {
    expect(maskSecrets(input, secrets)).toBe(expected);
  });

  it('counts the minimum length in bytes', () => {
    // Two characters, four bytes: long enough to be masked.
    expect(maskSecrets('<éé>', ['éé'])).toBe('<[secret]>');
  });

  it('lists each form once', () => {
    expect(secretPatterns(['abc', 'abc']).map(String)).toEqual(['abc', 'YWJj']);
  });
});

describe('createSecretMaskStream', () => {
  it('masks a secret split across chunks, byte by byte', async () => {
    const bytes = Buffer.from('before s3cr3t-välue after');
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    expect(await maskChunks(chunks, ['s3cr3t-välue'])).toBe('before [secret] after');
  });

  it('holds back only bytes that could still begin a secret', () => {
    const masker = new SecretMasker(['abcdef']);
    expect(masker.write(Buffer.from('ready\n')).toString()).toBe('ready\n');
    expect(masker.write(Buffer.from('x abc')).toString()).toBe('x ');
    expect(masker.write(Buffer.from('d')).toString()).toBe('');
    expect(masker.write(Buffer.from('ef and abcdX')).toString()).toBe('[secret] and abcdX');
    // The base64 form `YWJjZGVm` is longer than the secret: its prefix is held.
    expect(masker.write(Buffer.from('YWJj')).toString()).toBe('');
    expect(masker.end().toString()).toBe('YWJj');
  });

  it('passes bytes through untouched when there is nothing to mask', async () => {
    expect(await maskChunks([Buffer.from('a'), Buffer.from('b')], ['x'])).toBe('ab');
  });

  it('property: never emits a secret; chunking never changes the result', async () => {
    // Secrets use upper-case letters and digits, which `[secret]` does not contain, so a secret
    // in the output could only come from unmasked input.
    const secret = fc.stringMatching(/^[A-Z0-9]{3,12}$/);
    const filler = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', '\n', 'é', '€', '😀', 'A', '1'),
      maxLength: 20,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(filler, fc.nat()), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (secrets, pieces, cuts) => {
          const input = pieces.map(([text, n]) => text + secrets[n % secrets.length]!).join('');
          const whole = maskSecrets(input, secrets);
          for (const s of secrets) expect(whole).not.toContain(s);
          const chunked = await maskChunks(splitAt(Buffer.from(input), cuts), secrets);
          expect(chunked).toBe(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: agrees with a naive matcher on overlapping secrets', async () => {
    // A two-letter alphabet makes secrets share prefixes and suffixes, exercising failure links.
    const secret = fc.stringMatching(/^[AB]{3,6}$/);
    const text = fc.string({ unit: fc.constantFrom('A', 'B', 'x'), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(secret, { minLength: 1, maxLength: 5 }),
        text,
        fc.array(fc.nat(), { maxLength: 10 }),
        async (secrets, input, cuts) => {
          const whole = maskSecrets(input, secrets);
          expect(whole).toBe(naiveMask(input, secrets));
          for (const s of secrets) expect(whole).not.toContain(s);
          expect(await maskChunks(splitAt(Buffer.from(input), cuts), secrets)).toBe(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});
