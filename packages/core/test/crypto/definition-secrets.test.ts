import { describe, expect, it } from 'vitest';
import type { Decrypter, Encrypter } from '../../src/eval/host-interfaces.js';
import { decryptDefinitionSecrets } from '../../src/crypto/decrypt-definition-secrets.js';
import { encryptDefinitionSecrets } from '../../src/crypto/encrypt-definition-secrets.js';
import { decodeCiphertext } from '../../src/secrets/ciphertext-envelope.js';
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
    expect(out).toBe(
      '# head\nvalues:\n  z: 1 # one\n  pw:\n    fn::secret:\n      ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==\n      # note\n  a: [x]\n',
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
  it.each(['hunter2', '1234', 'true', 'null', 'two\nlines\n', ' padded ', 'a: b', '#hash'])(
    'round-trips the plaintext %j as a string',
    async (plaintext) => {
      const source = `values:\n  pw:\n    fn::secret: ${JSON.stringify(plaintext)}\n`;
      const encrypted = await encryptDefinitionSecrets(source, encrypter, 'e');
      expect(encrypted).not.toContain('fn::secret: "');
      const decrypted = await decryptDefinitionSecrets(encrypted, decrypter, 'e');
      const { parse } = await import('yaml');
      expect(parse(decrypted)).toEqual({ values: { pw: { 'fn::secret': plaintext } } });
    },
  );

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
