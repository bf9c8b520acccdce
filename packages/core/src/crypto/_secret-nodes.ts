import type { Document, Node, Pair } from 'yaml';
import { isMap, isScalar, parseDocument, visit } from 'yaml';
import { InvalidArgumentError } from '../errors.js';

/** Print options that keep long ciphertext on one line and flow collections as written. */
export const PRINT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

export type SecretPair = Pair<unknown, unknown>;

/** Parses a definition for rewriting; YAML that does not parse is refused rather than stored. */
export function parseDefinition(text: string, envName: string): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const first = doc.errors[0];
  if (first) {
    throw new InvalidArgumentError(
      `cannot save ${envName}: the definition is not valid YAML: ${first.message}`,
    );
  }
  return doc;
}

/** `fn::secret: <string>` pairs. */
export function findPlaintextSecrets(doc: Document): SecretPair[] {
  return findSecretPairs(doc, (value) => isScalar(value) && typeof value.value === 'string');
}

/** `fn::secret: {ciphertext: <string>}` pairs (exactly one key, as the evaluator requires). */
export function findCiphertextSecrets(doc: Document): SecretPair[] {
  return findSecretPairs(doc, (value) => ciphertextOf(value) !== undefined);
}

export function ciphertextOf(value: unknown): string | undefined {
  if (!isMap(value) || value.items.length !== 1) return undefined;
  const pair = value.items[0];
  if (!pair || !isScalar(pair.key) || pair.key.value !== 'ciphertext') return undefined;
  return isScalar(pair.value) && typeof pair.value.value === 'string'
    ? pair.value.value
    : undefined;
}

/** Replaces a pair's value, moving the old value's comments to the new node. */
export function replaceValue(pair: SecretPair, node: Node): void {
  const old = pair.value;
  if (isScalar(old) || isMap(old)) {
    node.comment = old.comment;
    node.commentBefore = old.commentBefore;
    node.spaceBefore = old.spaceBefore;
  }
  pair.value = node;
}

function findSecretPairs(doc: Document, accept: (value: unknown) => boolean): SecretPair[] {
  const found: SecretPair[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'fn::secret' && accept(pair.value))
        found.push(pair);
    },
  });
  return found;
}
