import type { Node, ScalarTag } from 'yaml';
import {
  Document,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import { CliError, usageError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import type { PathSegment } from './property-path.js';
import { formatPropertyPath } from './property-path.js';

/** A property path in a definition: under `values`, unless it starts with `imports`. */
export function documentPath(path: readonly PathSegment[]): PathSegment[] {
  return path[0] === 'imports' ? [...path] : ['values', ...path];
}

/** How an edited definition is written back, as yaml.v3 (esc) writes it: long lines kept whole,
 * `[a, b]` as written, new strings that need quotes in single quotes when they can be. */
const PRINT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false, singleQuote: true } as const;

/**
 * A number, boolean or null as it was written (`12345678901234567890`, `1.50`, `0x1F`, `~`): the
 * yaml library would print its value (`12345678901234567000`, `1.5`, `0x1f`, `null`), and an edit
 * of one path must change nothing else. esc (yaml.v3) keeps every scalar's text the same way.
 */
class WrittenScalar {
  constructor(
    readonly text: string,
    /** What it was read as. */
    readonly value: unknown,
  ) {}
}

/** A null (`~`, `null`, or nothing), kept as written or not: what a set path grows through. */
function isNullScalar(node: unknown): boolean {
  if (!isScalar(node)) return false;
  const { value } = node;
  return value === null || (value instanceof WrittenScalar && value.value === null);
}

/** Prints a WrittenScalar's text, untagged. */
const writtenAsIs: ScalarTag = {
  tag: 'tag:strata,2026:written',
  default: true,
  identify: (value) => value instanceof WrittenScalar,
  resolve: (text) => new WrittenScalar(text, text),
  stringify: (item) => (item as Scalar<WrittenScalar>).value.text,
};

/** The definition text of an edited document. */
export function printDefinition(doc: Document): string {
  return doc.toString(PRINT_OPTIONS);
}

export function parseDefinition(text: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: false, customTags: [writtenAsIs] });
  keepScalarsAsWritten(doc);
  if (doc.errors.length > 0) {
    throw new CliError(
      `the stored definition is not valid YAML: ${firstLine(doc.errors[0]?.message)}`,
      'fix it with `strata env edit <ref>`',
      EXIT.INVALID,
    );
  }
  return doc;
}

/** Sets the node at `path` (a document path), creating missing maps and lists on the way. */
export function setAtPath(
  doc: Document,
  path: readonly PathSegment[],
  value: Node,
  shown: string,
): void {
  if (doc.contents === null || isNullScalar(doc.contents)) doc.contents = new YAMLMap();
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as PathSegment;
    const last = i === path.length - 1;
    const next = path[i + 1];
    const fresh = (): Node => (typeof next === 'number' ? new YAMLSeq() : new YAMLMap());
    // An empty `{}` or `[]` (what `env rm` leaves) grows in block style, as esc writes it.
    if (isCollection(node) && node.flow === true && node.items.length === 0) node.flow = false;
    if (isMap(node)) {
      if (typeof key === 'number') throw usageError(`${shown}: key for a map must be a string`);
      if (last) {
        node.set(key, keepQuoting(node.get(key, true), value));
        return;
      }
      let child: unknown = node.get(key, true);
      if (child === undefined || isNullScalar(child)) {
        child = fresh();
        node.set(key, child);
      }
      node = child;
    } else if (isSeq(node)) {
      if (typeof key !== 'number') throw usageError(`${shown}: key for an array must be an int`);
      if (key > node.items.length)
        throw usageError(
          `${shown}: index ${key} out of range (the list has ${node.items.length} items)`,
        );
      if (last) {
        if (key === node.items.length) node.items.push(value);
        else node.items[key] = keepQuoting(node.items[key], value);
        return;
      }
      let child: unknown = node.items[key];
      if (child === undefined || isNullScalar(child)) {
        child = fresh();
        if (key === node.items.length) node.items.push(child);
        else node.items[key] = child;
      }
      node = child;
    } else {
      throw usageError(`${shown}: expected an array or an object`);
    }
  }
}

/** A new plain string replacing a quoted one keeps its quotes, as esc keeps the node's style. */
function keepQuoting(old: unknown, value: Node): Node {
  if (
    isScalar(old) &&
    isScalar(value) &&
    typeof old.value === 'string' &&
    typeof value.value === 'string' &&
    (value.type === undefined || value.type === Scalar.PLAIN) &&
    (old.type === Scalar.QUOTE_DOUBLE || old.type === Scalar.QUOTE_SINGLE)
  )
    value.type = old.type;
  return value;
}

/** Removes the node at `path`; false if nothing was there. */
export function deleteAtPath(doc: Document, path: readonly PathSegment[]): boolean {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (key === undefined) return false;
  if (isMap(parent) && typeof key === 'string') return parent.delete(key);
  if (isSeq(parent) && typeof key === 'number' && key < parent.items.length) {
    parent.items.splice(key, 1);
    return true;
  }
  return false;
}

/** The node at `path`, or undefined. */
export function nodeAtPath(doc: Document, path: readonly PathSegment[]): unknown {
  return doc.getIn(path, true);
}

/** Renders a subtree of a document as YAML text. */
export function nodeToYaml(node: unknown): string {
  const sub = new Document(undefined, { customTags: [writtenAsIs] });
  sub.contents = node as typeof sub.contents;
  return sub.toString(PRINT_OPTIONS);
}

/** Builds the value node for `env set`. */
export function valueNode(
  doc: Document,
  text: string,
  options: { string: boolean; secret: boolean },
  path: readonly PathSegment[],
): Node {
  let value: unknown;
  let parsedNode: Node | null = null;
  if (options.string) {
    value = text;
  } else if (text === '') {
    value = '';
  } else {
    const parsed = parseDocument(text);
    const error = parsed.errors[0];
    if (error !== undefined) {
      // The parser's message may quote the text (an alias's name): not a secret's.
      const where = error.linePos?.[0];
      const reason = !options.secret
        ? firstLine(error.message)
        : where === undefined
          ? 'not valid YAML'
          : `not valid YAML at line ${where.line}, column ${where.col}`;
      throw usageError(`invalid value: ${reason}`, 'quote it or pass --string');
    }
    keepScalarsAsWritten(parsed.contents);
    try {
      value = parsed.toJS({ reviver: (_key, v) => (v instanceof WrittenScalar ? v.value : v) });
    } catch (err) {
      // e.g. `Unresolved alias (the anchor must be set before the alias): <name>`.
      const reason = options.secret ? 'not valid YAML' : firstLine((err as Error).message);
      throw usageError(`invalid value: ${reason}`, 'quote it or pass --string');
    }
    parsedNode = parsed.contents;
  }
  if (options.secret) {
    if (value !== null && typeof value === 'object')
      throw usageError(
        `${formatPropertyPath(path)}: secret values must be string literals`,
        'quote the value, or pass --string',
      );
    // A number or boolean as typed: `0012` is the secret "0012", not 12.
    const typed =
      isScalar(parsedNode) &&
      parsedNode.value instanceof WrittenScalar &&
      parsedNode.value.value !== null
        ? parsedNode.value.text
        : undefined;
    return doc.createNode({
      'fn::secret': typed ?? (value === null ? '' : String(value as string | number | boolean)),
    });
  }
  if (parsedNode !== null) {
    // The value as written (quotes kept), its collections in block style as esc writes them.
    visit(parsedNode, {
      Collection(_, collection) {
        collection.flow = false;
      },
    });
    return parsedNode;
  }
  const node = doc.createNode(value);
  // As yaml.v3 writes strings: double quotes for non-printable characters (only they can carry
  // them) and for text that would read as another type (`"1.10"`, `"true"`); where plain text
  // is impossible otherwise, the single quotes of PRINT_OPTIONS.
  if (
    typeof value === 'string' &&
    node instanceof Scalar &&
    (/[\p{Cc}]/u.test(value.replace(/\n/g, '')) || readsAsOtherType(value))
  )
    node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/**
 * Every scalar of `node` prints as it was written. A plain number, boolean or null becomes a
 * WrittenScalar (map keys keep their values, for lookups by name). A scalar whose tag makes the
 * yaml library build something else (`!!binary` a Buffer, `!!timestamp` a Date) keeps its text
 * and its tag, as `env init` stores it (and as ESC reads it: text): the library cannot write
 * those objects into another document, and would re-encode them (base64 folded into lines).
 */
function keepScalarsAsWritten(node: Node | Document | null): void {
  if (node === null) return;
  visit(node, {
    Scalar(key, scalar) {
      const v: unknown = scalar.value;
      // `source` is the text as written; a scalar built in code has none and is left as it is.
      if (typeof scalar.source !== 'string' || v instanceof WrittenScalar) return;
      if (v !== null && typeof v === 'object') {
        scalar.value = scalar.source;
        // The short form: printed as written, and never matched to the tag that built the object.
        if (scalar.tag?.startsWith(YAML_TAG_PREFIX) === true)
          scalar.tag = `!!${scalar.tag.slice(YAML_TAG_PREFIX.length)}`;
        return;
      }
      if (key === 'key' || scalar.source === '' || typeof v === 'string') return;
      if (scalar.tag === undefined && scalar.type === Scalar.PLAIN)
        scalar.value = new WrittenScalar(scalar.source, v);
    },
  });
}

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';

/** True when `text`, written plain, would be read back as a number, boolean or null. */
function readsAsOtherType(text: string): boolean {
  if (text === '') return true; // Plain, it is null.
  if (text.includes('\n')) return false;
  const parsed = parseDocument(text);
  return (
    parsed.errors.length === 0 &&
    isScalar(parsed.contents) &&
    typeof parsed.contents.value !== 'string'
  );
}

/** The first line of a yaml error message, without the colon that introduces its excerpt. */
function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n')[0]?.replace(/:$/, '') ?? '';
}
