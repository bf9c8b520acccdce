import type { Node, Pair, Range } from 'yaml';
import { Document, Scalar, isMap, isScalar, parse, parseDocument, visit } from 'yaml';
import { InvalidArgumentError } from '../errors.js';

// Encryption and decryption rewrite only the text of each secret's value, in the source, using
// the offsets the yaml library gives each node: every other byte of a definition (numbers as
// written, comments, quoting, blank lines, anchors, flow or block style) stays as it was.

const SECRET = 'fn::secret';

/** A `fn::secret` pair of a parsed definition; `inFlow` if it sits in a flow mapping. */
export interface SecretSite {
  key: Node;
  value: Node;
  inFlow: boolean;
}

/** Replace `source.slice(start, end)` with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** What a `fn::secret` holds: a plaintext string, a ciphertext, or something else (`{}`). */
export interface SecretForm {
  plaintext?: string;
  ciphertext?: string;
}

/** Parses a definition for rewriting; YAML that does not parse is refused rather than stored. */
function parseDefinition(text: string, envName: string): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const first = doc.errors[0];
  if (first) {
    throw new InvalidArgumentError(
      `cannot save ${envName}: the definition is not valid YAML: ${first.message}`,
    );
  }
  return doc;
}

/** Every `fn::secret` pair, in document order. */
function findSecrets(doc: Document): SecretSite[] {
  const found: SecretSite[] = [];
  visit(doc, {
    Pair(_, pair: Pair<unknown, unknown>, path) {
      const { key, value } = pair;
      if (!isScalar(key) || key.value !== SECRET || (!isScalar(value) && !isMap(value))) return;
      const parent = path[path.length - 1];
      found.push({ key, value, inFlow: isMap(parent) && parent.flow === true });
    },
  });
  return found;
}

function formOf(value: Node): SecretForm {
  const ciphertext = ciphertextOf(value);
  if (ciphertext !== undefined) return { ciphertext };
  if (isScalar(value) && typeof value.value === 'string') return { plaintext: value.value };
  return {};
}

/** The ciphertext of `{ciphertext: <string>}` (exactly one key, as the evaluator requires). */
function ciphertextOf(value: unknown): string | undefined {
  const scalar = ciphertextScalar(value);
  return typeof scalar?.value === 'string' ? scalar.value : undefined;
}

function ciphertextScalar(value: unknown): Scalar | undefined {
  if (!isMap(value) || value.items.length !== 1) return undefined;
  const pair = value.items[0];
  if (!pair || !isScalar(pair.key) || pair.key.value !== 'ciphertext') return undefined;
  return isScalar(pair.value) ? pair.value : undefined;
}

/**
 * `fn::secret: <plaintext>` becomes `fn::secret: {ciphertext: <base64>}` in a flow mapping;
 * in a block mapping the ciphertext goes on the next line (as esc writes it), indented two
 * more than the mapping. Props before the plaintext on the key's line go with it, a comment after
 * it (or on a block scalar's header) stays, after the ciphertext.
 */
export function encryptEdit(source: string, site: SecretSite, base64: string): Edit {
  const [start, valueEnd] = rangeOf(site.value);
  const end = beforeFinalLineBreak(source, valueEnd);
  if (site.inFlow) return { start, end, text: `{ciphertext: ${base64}}` };
  const block = isScalar(site.value) && site.value.type?.startsWith('BLOCK') === true;
  const header = source.slice(start, end).split(/\r?\n/, 1)[0] ?? '';
  const comment = block ? (/\s+#.*$/.exec(header)?.[0] ?? '') : '';
  const mapping = `ciphertext: ${base64}${comment}`;
  const key = keyLayout(source, site);
  if (source.slice(key.end, start).includes('\n')) return { start, end, text: mapping };
  return { start: key.colonEnd, end, text: `${key.lineBreak}${key.indent}  ${mapping}` };
}

/**
 * `fn::secret: {ciphertext: ...}` becomes `fn::secret: <plaintext>`, as the yaml library writes
 * that string: plain if it can be, else quoted, a literal block scalar in a block mapping if it
 * has several lines. The plaintext goes on the key's line unless a comment or props sit between;
 * a comment after the ciphertext stays (on a block scalar's header).
 */
export function decryptEdit(source: string, site: SecretSite, plaintext: string): Edit {
  const [start, mapEnd] = rangeOf(site.value);
  const inner = ciphertextScalar(site.value);
  const end = isMap(site.value) && !site.value.flow && inner ? rangeOf(inner)[1] : mapEnd;
  const trimmedEnd = beforeFinalLineBreak(source, end);
  const text = formatPlaintext(plaintext, site.inFlow);
  if (site.inFlow) return { start, end: trimmedEnd, text };
  const key = keyLayout(source, site);
  const onKeyLine = /^\s*$/.test(source.slice(key.colonEnd, start));
  const from = onKeyLine ? key.colonEnd : start;
  const lead = onKeyLine ? ' ' : '';
  const [header = '', ...lines] = text.split('\n');
  if (lines.length === 0) return { start: from, end: trimmedEnd, text: lead + header };
  // A block scalar: the rest of the ciphertext's line (a comment) goes on its header line.
  const lineEnd = source.indexOf('\n', trimmedEnd);
  const restEnd = lineEnd < 0 ? source.length : lineEnd;
  const rest = source.slice(trimmedEnd, restEnd).replace(/\r$/, '');
  const body = lines.map((line) => (line === '' ? '' : key.indent + line)).join(key.lineBreak);
  return {
    start: from,
    end: lineEnd < 0 ? source.length : lineEnd + 1,
    text: `${lead}${header}${rest}${key.lineBreak}${body}${key.lineBreak}`,
  };
}

/**
 * Rewrites the secrets of `definition` that `rewrite` takes (it answers the edit of a site and
 * what the secret holds after it, or undefined to leave it), in place; the definition unchanged
 * when it has none to rewrite. The result is parsed again and must hold exactly what was meant.
 */
export async function rewriteSecrets(
  definition: string,
  envName: string,
  rewrite: (
    site: SecretSite,
    form: SecretForm,
  ) => Promise<{ edit: Edit; becomes: SecretForm } | undefined>,
): Promise<string> {
  if (!definition.includes(SECRET)) return definition;
  const edits: Edit[] = [];
  const expected: SecretForm[] = [];
  for (const site of findSecrets(parseDefinition(definition, envName))) {
    const form = formOf(site.value);
    const rewritten = await rewrite(site, form);
    if (rewritten !== undefined) edits.push(rewritten.edit);
    expected.push(rewritten?.becomes ?? form);
  }
  if (edits.length === 0) return definition;
  return applyEdits(definition, edits, expected, envName);
}

/**
 * Applies the edits and checks the result: it parses, and its secrets are `expected`, in order.
 * Throws otherwise rather than store or show a definition that is not what was meant.
 */
function applyEdits(
  source: string,
  edits: Edit[],
  expected: SecretForm[],
  envName: string,
): string {
  let text = source;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  const doc = parseDocument(text, { keepSourceTokens: false });
  const found = doc.errors.length > 0 ? [] : findSecrets(doc).map((site) => formOf(site.value));
  if (JSON.stringify(found) !== JSON.stringify(expected))
    throw new Error(`internal error: the secrets of ${envName} could not be rewritten in place`);
  return text;
}

/** Print options that keep a plaintext on one line unless it has line breaks. */
const PRINT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * The plaintext as a YAML string: one line, or in a block mapping a block scalar (its lines
 * indented two, for a key in column 0). Double quoted if the yaml library's choice would not
 * read back as the same string (it writes `" \n"` as a block scalar that reads `"\n"`).
 */
function formatPlaintext(plaintext: string, inFlow: boolean): string {
  const print = (type?: Scalar.Type) => {
    const doc = new Document({ [SECRET]: new Scalar(plaintext) });
    if (isMap(doc.contents)) {
      doc.contents.flow = inFlow;
      const scalar = doc.contents.items[0]?.value;
      if (type && isScalar(scalar)) scalar.type = type;
    }
    const printed = doc.toString(PRINT_OPTIONS);
    const readBack = (parse(printed) as Record<string, unknown> | null)?.[SECRET];
    const text = inFlow
      ? printed.slice(SECRET.length + 3, -2)
      : printed.slice(SECRET.length + 2, -1);
    const lines = text.includes('\n');
    return readBack === plaintext && (!lines || (!inFlow && /^[|>]/.test(text))) ? text : undefined;
  };
  return print() ?? print(Scalar.QUOTE_DOUBLE) ?? JSON.stringify(plaintext);
}

/**
 * The mapping's indentation (the key's column, or its `?`'s), as spaces; where the key and its
 * `:` end; the definition's line break.
 */
function keyLayout(source: string, site: SecretSite) {
  const [start, end] = rangeOf(site.key);
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const explicit = /\?[ \t]+$/.exec(source.slice(lineStart, start));
  return {
    end,
    colonEnd: source.indexOf(':', end) + 1,
    indent: ' '.repeat(explicit ? explicit.index : start - lineStart),
    lineBreak: source.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** A block scalar's text ends with its line break: that break is left in place. */
function beforeFinalLineBreak(source: string, end: number): number {
  if (source[end - 1] !== '\n') return end;
  return source[end - 2] === '\r' ? end - 2 : end - 1;
}

function rangeOf(node: Node): Range {
  if (!node.range) throw new Error('internal error: a parsed YAML node has no source range');
  return node.range;
}
