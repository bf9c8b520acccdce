import type { Encrypter } from '../eval/host-interfaces.js';
import { encodeCiphertext } from '../secrets/ciphertext-envelope.js';
import type { Edit, SecretForm } from './_secret-nodes.js';
import { applyEdits, encryptEdit, findSecrets, formOf, parseDefinition } from './_secret-nodes.js';

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
  if (!definition.includes('fn::secret')) return definition;
  const doc = parseDefinition(definition, envName);
  const edits: Edit[] = [];
  const expected: SecretForm[] = [];
  for (const site of findSecrets(doc)) {
    const form = formOf(site.value);
    if (form.plaintext === undefined) {
      expected.push(form);
      continue;
    }
    const payload = await encrypter.encrypt(Buffer.from(form.plaintext, 'utf8'));
    const ciphertext = encodeCiphertext(payload);
    edits.push(encryptEdit(definition, site, ciphertext));
    expected.push({ ciphertext });
  }
  if (edits.length === 0) return definition;
  return applyEdits(definition, edits, expected, envName);
}
