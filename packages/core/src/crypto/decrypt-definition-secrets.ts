import type { Decrypter } from '../eval/host-interfaces.js';
import { DecryptError } from '../errors.js';
import { decodeCiphertext } from '../secrets/ciphertext-envelope.js';
import { decryptEdit, rewriteSecrets } from './_secret-nodes.js';

/**
 * The reverse of `encryptDefinitionSecrets`, for showing and editing: each
 * `fn::secret: {ciphertext: ...}` becomes `fn::secret: <plaintext>` (written as the yaml library
 * writes that string, on the key's line); every other byte of the definition is kept. Saving the
 * result encrypts the secrets again. Throws `DecryptError` if any ciphertext does not decrypt.
 */
export async function decryptDefinitionSecrets(
  definition: string,
  decrypter: Decrypter,
  envName: string,
): Promise<string> {
  return rewriteSecrets(definition, envName, async (site, form) => {
    if (form.ciphertext === undefined) return undefined;
    const decoded = decodeCiphertext(form.ciphertext);
    if (!decoded.ok)
      throw new DecryptError(
        `cannot decrypt secrets of ${envName}: invalid ciphertext: ${decoded.reason}`,
      );
    const plaintext = Buffer.from(await decrypter.decrypt(decoded.payload)).toString('utf8');
    return { edit: decryptEdit(definition, site, plaintext), becomes: { plaintext } };
  });
}
