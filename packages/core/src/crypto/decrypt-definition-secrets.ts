import type { Decrypter } from '../eval/host-interfaces.js';
import { DecryptError } from '../errors.js';
import { decodeCiphertext } from '../secrets/ciphertext-envelope.js';
import type { Edit, SecretForm } from './_secret-nodes.js';
import { applyEdits, decryptEdit, findSecrets, formOf, parseDefinition } from './_secret-nodes.js';

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
  if (!definition.includes('fn::secret')) return definition;
  const doc = parseDefinition(definition, envName);
  const edits: Edit[] = [];
  const expected: SecretForm[] = [];
  for (const site of findSecrets(doc)) {
    const form = formOf(site.value);
    if (form.ciphertext === undefined) {
      expected.push(form);
      continue;
    }
    const decoded = decodeCiphertext(form.ciphertext);
    if (!decoded.ok)
      throw new DecryptError(
        `cannot decrypt secrets of ${envName}: invalid ciphertext: ${decoded.reason}`,
      );
    const plaintext = Buffer.from(await decrypter.decrypt(decoded.payload)).toString('utf8');
    edits.push(decryptEdit(definition, site, plaintext));
    expected.push({ plaintext });
  }
  if (edits.length === 0) return definition;
  return applyEdits(definition, edits, expected, envName);
}
