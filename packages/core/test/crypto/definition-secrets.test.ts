import { describe, expect, it } from 'vitest';
import type { Decrypter, Encrypter } from '../../src/eval/host-interfaces.js';
import { decryptDefinitionSecrets } from '../../src/crypto/decrypt-definition-secrets.js';
import { encryptDefinitionSecrets } from '../../src/crypto/encrypt-definition-secrets.js';
import { decodeCiphertext, encodeCiphertext } from '../../src/secrets/ciphertext-envelope.js';
import { DecryptError, InvalidArgumentError } from '../../src/errors.js';

// The spec's test cipher (language-spec §4.2): add 128 to every byte; its own inverse.
const rot128 = (b: Uint8Array) => b.map((x) => (x + 128) % 256);
const encrypter: Encrypter = { encrypt: (p) => Promise.resolve(rot128(p)) };
const decrypter: Decrypter = { decrypt: (c) => Promise.resolve(rot128(c)) };

describe('encryptDefinitionSecrets', () => {
  it('replaces plaintext secrets with the spec envelope in block style, keeping comments and order', async () => {
    const out = await encryptDefinitionSecrets(
      '# head\nvalues:\n  z: 1 # one\n  pw:\n    fn::secret: hunter2 # note\n  a: [x]\n',
      encrypter,
      'acme/app/dev',
    );
    // The comment stays on its line, after the ciphertext.
    expect(out).toBe(
      '# head\nvalues:\n  z: 1 # one\n  pw:\n    fn::secret:\n      ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ== # note\n  a: [x]\n',
    );
    // Inside a flow collection the ciphertext stays in flow style.
    expect(
      await encryptDefinitionSecrets(
        'values:\n  pw: {fn::secret: hunter2}\n',
        encrypter,
        'acme/app/dev',
      ),
    ).toBe('values:\n  pw: {fn::secret: {ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==}}\n');
    const decoded = decodeCiphertext('ZXNjeAAAAAHo9e705fKyKo30VQ==');
    expect(decoded.ok && new TextDecoder().decode(rot128(decoded.payload))).toBe('hunter2');
  });

  it.each([
    ['no secrets', 'values:\n  a:    1\n'],
    ['a secret that is not a string', 'values:\n  a: {fn::secret: 12}\n'],
    [
      'ciphertext already',
      'values:\n  a:  {fn::secret: {ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==}}\n',
    ],
  ])('leaves a definition with %s byte for byte', async (_, text) => {
    expect(await encryptDefinitionSecrets(text, encrypter, 'e')).toBe(text);
  });

  it('refuses YAML that does not parse rather than store a secret in plaintext', async () => {
    await expect(
      encryptDefinitionSecrets('values:\n  a: {fn::secret: x\n', encrypter, 'acme/app/dev'),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('decryptDefinitionSecrets', () => {
  it.each([
    'hunter2',
    '1234',
    'true',
    'null',
    'two\nlines\n',
    ' padded ',
    'a: b',
    '#hash',
    '    \n',
    'a,b,c',
    'no\nfinal newline',
  ])('round-trips the plaintext %j as a string', async (plaintext) => {
    const source = `values:\n  pw:\n    fn::secret: ${JSON.stringify(plaintext)}\n`;
    const encrypted = await encryptDefinitionSecrets(source, encrypter, 'e');
    expect(encrypted).not.toContain('fn::secret: "');
    const decrypted = await decryptDefinitionSecrets(encrypted, decrypter, 'e');
    const { parse } = await import('yaml');
    expect(parse(decrypted)).toEqual({ values: { pw: { 'fn::secret': plaintext } } });
  });

  it('reports an invalid envelope with the ESC reason', async () => {
    await expect(
      decryptDefinitionSecrets(
        'values:\n  a: {fn::secret: {ciphertext: ZXNjeAAAAAHo9e705fKyKo30VA==}}\n',
        decrypter,
        'acme/app/dev',
      ),
    ).rejects.toThrow(
      new DecryptError(
        'cannot decrypt secrets of acme/app/dev: invalid ciphertext: invalid checksum',
      ),
    );
  });
});

/** The envelope the test cipher gives for `plaintext`: deterministic, so expected texts are exact. */
const c = (plaintext: string) => encodeCiphertext(rot128(new TextEncoder().encode(plaintext)));
const encrypt = (text: string) => encryptDefinitionSecrets(text, encrypter, 'acme/app/dev');
const decrypt = (text: string) => decryptDefinitionSecrets(text, decrypter, 'acme/app/dev');

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('secrets are rewritten in place: every other byte of the definition is kept', () => {
  // Numbers as written (no JS double in between), comments, quoting, blank lines, anchors, flow
  // and block style, key order; the secrets in block and flow mappings, in a list, as a block
  // scalar, at the end of the text without a final newline.
  const source = [
    '# numbers, comments and styles stay as written',
    'values:',
    '  big: 12345678901234567890',
    '  price: 1.50',
    '  rate: 0.1000000000000000055 # not 0.1',
    '  huge: 1e400',
    '  neg: -0.0',
    "  single: 'it''s'",
    '  double: "tab\\there"',
    '',
    '  base: &base {a: 1.0, b: [1, 2.50]}',
    '  copy: *base',
    '  flow: { x: 1 ,  y: [ 3.14159265358979323846 ] }',
    '  password:',
    '    fn::secret: hunter2 # rotate monthly',
    '  inline: {fn::secret: s3cr3t, version: 1.10}',
    '  spread: {',
    '    fn::secret: "quoted, in flow",',
    '    n: 100000000000000000001 }',
    '  list:',
    '    - plain',
    '    - fn::secret: third',
    '    - {fn::secret: fourth}',
    '    -   fn::secret: fifth',
    '  cert:',
    '    fn::secret: |',
    '      -----BEGIN CERTIFICATE-----',
    '      MIIB',
    '      -----END CERTIFICATE-----',
    '',
    '  after: 1.10',
    '  last:',
    '    fn::secret: no newline',
  ].join('\n');

  const encrypted = [
    '# numbers, comments and styles stay as written',
    'values:',
    '  big: 12345678901234567890',
    '  price: 1.50',
    '  rate: 0.1000000000000000055 # not 0.1',
    '  huge: 1e400',
    '  neg: -0.0',
    "  single: 'it''s'",
    '  double: "tab\\there"',
    '',
    '  base: &base {a: 1.0, b: [1, 2.50]}',
    '  copy: *base',
    '  flow: { x: 1 ,  y: [ 3.14159265358979323846 ] }',
    '  password:',
    '    fn::secret:',
    `      ciphertext: ${c('hunter2')} # rotate monthly`,
    `  inline: {fn::secret: {ciphertext: ${c('s3cr3t')}}, version: 1.10}`,
    '  spread: {',
    `    fn::secret: {ciphertext: ${c('quoted, in flow')}},`,
    '    n: 100000000000000000001 }',
    '  list:',
    '    - plain',
    '    - fn::secret:',
    `        ciphertext: ${c('third')}`,
    `    - {fn::secret: {ciphertext: ${c('fourth')}}}`,
    '    -   fn::secret:',
    `          ciphertext: ${c('fifth')}`,
    '  cert:',
    '    fn::secret:',
    `      ciphertext: ${c(CERT)}`,
    '',
    '  after: 1.10',
    '  last:',
    '    fn::secret:',
    `      ciphertext: ${c('no newline')}`,
  ].join('\n');

  it('encrypting changes only the secret values', async () => {
    expect(await encrypt(source)).toBe(encrypted);
  });

  it('the stored text holds no plaintext secret', async () => {
    const stored = await encrypt(source);
    for (const plain of ['hunter2', 's3cr3t', 'quoted, in flow', 'third', 'fourth', 'fifth'])
      expect(stored).not.toContain(plain);
    expect(stored).not.toContain('MIIB');
    expect(stored).not.toContain('no newline');
  });

  it('decrypting gives back the text as written', async () => {
    expect(await decrypt(encrypted)).toBe(source);
    expect(await decrypt(await encrypt(source))).toBe(source);
  });

  it('saving a shown definition again stores the same text', async () => {
    expect(await encrypt(await decrypt(encrypted))).toBe(encrypted);
  });

  it.each([
    [
      'a document that is one secret',
      'fn::secret: xyzw\n',
      `fn::secret:\n  ciphertext: ${c('xyzw')}\n`,
    ],
    [
      'a multi-line secret with a comment on its header',
      'pw:\n  fn::secret: |- # pem\n    two\n    lines\nn: 1.50\n',
      `pw:\n  fn::secret:\n    ciphertext: ${c('two\nlines')} # pem\nn: 1.50\n`,
    ],
    [
      'a secret that keeps its trailing blank lines',
      'pw:\n  fn::secret: |+\n    kept\n\n\nn: 1.50\n',
      `pw:\n  fn::secret:\n    ciphertext: ${c('kept\n\n\n')}\nn: 1.50\n`,
    ],
    [
      'a secret after a one-line flow sequence of numbers',
      'a: [1.0, 2.50e+10, 0x1F]\nb: {fn::secret: xyzw}\n',
      `a: [1.0, 2.50e+10, 0x1F]\nb: {fn::secret: {ciphertext: ${c('xyzw')}}}\n`,
    ],
    [
      'a secret in a flow sequence',
      'l: [1.50, fn::secret: xyzw, {fn::secret: yzwx}]\n',
      `l: [1.50, fn::secret: {ciphertext: ${c('xyzw')}}, {fn::secret: {ciphertext: ${c('yzwx')}}}]\n`,
    ],
    [
      'CRLF line ends',
      'a: 1.50\r\npw:\r\n  fn::secret: xyzw # c\r\nb: 2\r\n',
      `a: 1.50\r\npw:\r\n  fn::secret:\r\n    ciphertext: ${c('xyzw')} # c\r\nb: 2\r\n`,
    ],
  ])('round-trips %s', async (_, text, expected) => {
    const stored = await encrypt(text);
    expect(stored).toBe(expected);
    expect(await decrypt(stored)).toBe(text);
  });

  it.each([
    [
      'quotes a plain string does not need',
      "pw:\n  fn::secret: 'hunter2'\n",
      'pw:\n  fn::secret: hunter2\n',
    ],
    [
      'a value on the next line',
      'pw:\n  fn::secret:\n    hunter2\n',
      'pw:\n  fn::secret: hunter2\n',
    ],
    [
      'a folded block scalar',
      'pw:\n  fn::secret: >\n    a\n    b\n',
      'pw:\n  fn::secret: |\n    a b\n',
    ],
    ['a flow string that needs quotes', "p: {fn::secret: 'a,b,c'}\n", 'p: {fn::secret: "a,b,c"}\n'],
    ['a multi-line flow string', 'p: {fn::secret: "a\\nbc"}\n', 'p: {fn::secret: "a\\nbc"}\n'],
  ])('decryption writes each secret in canonical form: %s', async (_, text, shown) => {
    expect(await decrypt(await encrypt(text))).toBe(shown);
  });

  it('keeps a comment between the key and its secret', async () => {
    const text = 'pw:\n  fn::secret: # why\n    hunter2\nn: 1.50\n';
    const stored = await encrypt(text);
    expect(stored).toBe(`pw:\n  fn::secret: # why\n    ciphertext: ${c('hunter2')}\nn: 1.50\n`);
    expect(await decrypt(stored)).toBe(text);
  });

  it('decrypts ciphertext as esc and earlier versions wrote it, changing nothing else', async () => {
    const stored = `values:\n  big: 12345678901234567890\n  pw:\n    fn::secret:\n      ciphertext: ${c('hunter2')}\n      # note\n  rate: 0.1000000000000000055\n  cert:\n    fn::secret:\n      ciphertext: ${c('a\nb\n')}\n  huge: 1e400\n`;
    expect(await decrypt(stored)).toBe(
      'values:\n  big: 12345678901234567890\n  pw:\n    fn::secret: hunter2\n      # note\n  rate: 0.1000000000000000055\n  cert:\n    fn::secret: |\n      a\n      b\n  huge: 1e400\n',
    );
  });

  it('leaves secrets already encrypted and other numbers as they are when encrypting', async () => {
    const text = `a: 12345678901234567890\nold: {fn::secret: {ciphertext: ${c('older')}}}\nnew:\n  fn::secret: xyzw\nb: 0.1000000000000000055\n`;
    expect(await encrypt(text)).toBe(
      `a: 12345678901234567890\nold: {fn::secret: {ciphertext: ${c('older')}}}\nnew:\n  fn::secret:\n    ciphertext: ${c('xyzw')}\nb: 0.1000000000000000055\n`,
    );
  });
});
