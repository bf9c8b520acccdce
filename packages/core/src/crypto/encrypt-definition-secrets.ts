import type { Encrypter } from '../eval/host-interfaces.js';
import { encodeCiphertext } from '../secrets/ciphertext-envelope.js';
import { encryptEdit, rewriteSecrets } from './_secret-nodes.js';

/**
 * Replaces each plaintext `fn::secret: <string>` with `fn::secret:` and a nested
 * `ciphertext: <base64>` (block style, as esc writes it; flow style inside a flow collection), the
 * base64 being the ESC `escx` envelope around the encrypter's payload. Only the secrets' text
 * changes: every other byte of the definition is kept (numbers as written, comments, quoting,
 * layout), and a definition without plaintext secrets is returned unchanged.
 * Throws `InvalidArgumentError` for YAML that does not parse (it could hide a secret).
 */
export async function encryptDefinitionSecrets(
  definition: string,
  encrypter: Encrypter,
  envName: string,
): Promise<string> {
  return rewriteSecrets(definition, envName, async (site, form) => {
    if (form.plaintext === undefined) return undefined;
    const payload = await encrypter.encrypt(Buffer.from(form.plaintext, 'utf8'));
    const ciphertext = encodeCiphertext(payload);
    return { edit: encryptEdit(definition, site, ciphertext), becomes: { ciphertext } };
  });
}
