import type { Encrypter } from '../eval/host-interfaces.js';
import { encodeCiphertext } from '../secrets/ciphertext-envelope.js';
import {
  PRINT_OPTIONS,
  findPlaintextSecrets,
  parseDefinition,
  replaceValue,
} from './_secret-nodes.js';

/**
 * Replaces each plaintext `fn::secret: <string>` with `fn::secret:` and a nested
 * `ciphertext: <base64>` (block style, as esc writes it; flow style inside a flow collection), the
 * base64 being the ESC `escx` envelope around the encrypter's payload. Comments and key order
 * are kept; a definition without plaintext secrets is returned unchanged, byte for byte.
 * Throws `InvalidArgumentError` for YAML that does not parse (it could hide a secret).
 */
export async function encryptDefinitionSecrets(
  definition: string,
  encrypter: Encrypter,
  envName: string,
): Promise<string> {
  if (!definition.includes('fn::secret')) return definition;
  const doc = parseDefinition(definition, envName);
  const pairs = findPlaintextSecrets(doc);
  if (pairs.length === 0) return definition;
  for (const pair of pairs) {
    const plaintext = String((pair.value as { value: unknown }).value);
    const payload = await encrypter.encrypt(Buffer.from(plaintext, 'utf8'));
    replaceValue(pair, doc.createNode({ ciphertext: encodeCiphertext(payload) }));
  }
  return doc.toString(PRINT_OPTIONS);
}
