import type { Decrypter } from '../eval/host-interfaces.js';
import { DecryptError } from '../errors.js';
import { decodeCiphertext } from '../secrets/ciphertext-envelope.js';
import {
  PRINT_OPTIONS,
  ciphertextOf,
  findCiphertextSecrets,
  parseDefinition,
  replaceValue,
} from './_secret-nodes.js';

/**
 * The reverse of `encryptDefinitionSecrets`, for showing and editing: each
 * `fn::secret: {ciphertext: ...}` becomes `fn::secret: <plaintext>`. Saving the result encrypts
 * the secrets again. Throws `DecryptError` if any ciphertext does not decrypt.
 */
export async function decryptDefinitionSecrets(
  definition: string,
  decrypter: Decrypter,
  envName: string,
): Promise<string> {
  if (!definition.includes('fn::secret')) return definition;
  const doc = parseDefinition(definition, envName);
  const pairs = findCiphertextSecrets(doc);
  if (pairs.length === 0) return definition;
  for (const pair of pairs) {
    const decoded = decodeCiphertext(ciphertextOf(pair.value) ?? '');
    if (!decoded.ok)
      throw new DecryptError(
        `cannot decrypt secrets of ${envName}: invalid ciphertext: ${decoded.reason}`,
      );
    const payload = decoded.payload;
    const plaintext = Buffer.from(await decrypter.decrypt(payload)).toString('utf8');
    replaceValue(pair, doc.createNode(plaintext));
  }
  return doc.toString(PRINT_OPTIONS);
}
