// The fast path of decoding: syntax nodes straight from the library's CST, without composing a
// YAML document first. It takes only what it can prove the composer accepts without an error or
// a warning (block and single-line flow collections, scalars without anchors or tags, comments);
// anything else, it declines and the document is composed as usual. Scalar values, and their
// errors, come from the library's own resolver (`CST.resolveAsScalar`), as composing gets them,
// except for single-line scalars without escapes, whose values are their text.

import { CST, Scalar } from 'yaml';
import { appendPathIndex, appendPathKey } from '../internal/_path.js';
import type { Converter } from './_converter.js';
import type { ObjectEntry, SyntaxNode } from './syntax-node.js';

/** Thrown to decline a document (any exception, a stack overflow included, declines it). */
const DECLINE = new Error('declined: the document is to be composed');

function decline(): never {
  throw DECLINE;
}

/**
 * The root node of a stream holding one document whose root is a collection, when the composer
 * would compose it without errors or warnings; undefined otherwise (the converter, which may then
 * hold part of a conversion, is to be dropped).
 */
export function decodeCst(
  tokens: readonly CST.Token[],
  converter: Converter,
): SyntaxNode | undefined {
  let doc: CST.Document | undefined;
  for (const token of tokens) {
    if (token.type === 'document' && doc === undefined) doc = token;
    else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space')
      return undefined;
  }
  const root = doc?.value;
  if (doc === undefined || doc.start.length > 0 || root === undefined) return undefined;
  if (root.type !== 'block-map' && root.type !== 'block-seq' && root.type !== 'flow-collection')
    return undefined;
  if (doc.end !== undefined && !endsCleanly(doc.end)) return undefined;
  try {
    return new CstWalker(converter).node(root, '', false);
  } catch {
    return undefined;
  }
}

/** What may follow a node (the composer's `resolveEnd`): blanks and comments. */
function endsCleanly(tokens: readonly CST.SourceToken[]): boolean {
  for (const { type } of tokens)
    if (type !== 'space' && type !== 'comment' && type !== 'newline') return false;
  return true;
}

function onScalarError(): void {
  decline();
}

/** First characters the library rejects in a plain scalar. */
const BAD_PLAIN_START = new Set(['\t', ',', '%', '|', '>', '@', '`']);

/**
 * What `CST.resolveAsScalar` gives for a scalar token (its value, style, and where the value
 * starts and ends), written into `out`: computed directly for single-line scalars without escapes
 * (as the library computes them: a plain scalar not starting with a character the library
 * rejects is its text, a quoted one its text between the quotes with `''` as `'`), and left to
 * the library for the others. Errors decline the document.
 */
function resolveScalarToken(token: CST.FlowScalar | CST.BlockScalar, out: ResolvedScalar): void {
  const { source, offset } = token;
  out.start = offset;
  out.end = offset + source.length;
  if (token.type !== 'block-scalar' && (token.end === undefined || endsCleanly(token.end))) {
    if (!source.includes('\n')) {
      if (token.type === 'scalar' && !BAD_PLAIN_START.has(source.charAt(0))) {
        out.value = source;
        out.type = Scalar.PLAIN;
        return;
      }
      const last = source.length - 1;
      if (token.type === 'single-quoted-scalar' && last > 0 && source.charAt(last) === "'") {
        const value = source.slice(1, last);
        out.value = value.includes("''") ? value.replaceAll("''", "'") : value;
        out.type = Scalar.QUOTE_SINGLE;
        return;
      }
      if (
        token.type === 'double-quoted-scalar' &&
        last > 0 &&
        source.charAt(last) === '"' &&
        !source.includes('\\') &&
        !source.includes('\r')
      ) {
        out.value = source.slice(1, last);
        out.type = Scalar.QUOTE_DOUBLE;
        return;
      }
    }
  }
  const resolved = CST.resolveAsScalar(token, false, onScalarError);
  if (resolved === null) decline();
  out.value = resolved.value;
  out.type = resolved.type;
  out.start = resolved.range[0];
  out.end = resolved.range[1];
}

/** A resolved scalar token (one per walk, reused). */
interface ResolvedScalar {
  value: string;
  type: Scalar.Type | null;
  start: number;
  end: number;
}

class CstWalker {
  private readonly resolved: ResolvedScalar = { value: '', type: null, start: 0, end: 0 };
  private keyPath = '';

  constructor(private readonly converter: Converter) {}

  node(token: CST.Token, path: string, flow: boolean): SyntaxNode {
    switch (token.type) {
      case 'block-map':
        return this.blockMap(token, path);
      case 'block-seq':
        return this.blockSeq(token, path);
      case 'flow-collection':
        return this.flowCollection(token, path);
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token, path, flow);
      default:
        return decline();
    }
  }

  /** A scalar token's node; `resolved` then holds its value. */
  private scalar(token: CST.FlowScalar | CST.BlockScalar, path: string, flow: boolean): SyntaxNode {
    const { resolved } = this;
    resolveScalarToken(token, resolved);
    const { value, type, start, end } = resolved;
    return this.converter.scalar(value, type, start, end, '', false, path, flow) ?? decline();
  }

  /** A mapping key's node; `keyPath` then holds its entry's path. */
  private key(token: CST.FlowScalar, path: string, flow: boolean): SyntaxNode {
    const { resolved } = this;
    resolveScalarToken(token, resolved);
    const { value, type, start, end } = resolved;
    const keyPath = appendPathKey(path, value);
    this.keyPath = keyPath;
    return this.converter.scalar(value, type, start, end, '', false, keyPath, flow) ?? decline();
  }

  private blockMap(map: CST.BlockMap, path: string): SyntaxNode {
    const { converter } = this;
    const start = converter.collectionStart(map.offset, false);
    converter.end = start;
    const entries: ObjectEntry[] = [];
    let trailing = false;
    for (const item of map.items) {
      // A comment-only item must be the last ('Map comment with trailing content').
      if (trailing) decline();
      // Before the key: blanks and comments (an explicit `?` key, anchors or tags: declined).
      for (const token of item.start) if (!isIndentation(token)) decline();
      if (item.sep === undefined) {
        // Trailing comments, or a key without a value (an error).
        if (item.key !== undefined) decline();
        trailing = true;
        continue;
      }
      const { key, sep, value } = item;
      if (item.explicitKey || key === null || value === undefined) return decline();
      if (!isFlowScalar(key) || key.indent !== map.indent || !isSingleLine(key)) decline();
      // After the key: `:`, then blanks and comments, a comment after a blank.
      let found = false;
      let blank = false;
      let newline = false;
      for (const token of sep) {
        switch (token.type) {
          case 'map-value-ind':
            if (found) decline();
            found = true;
            blank = false;
            break;
          case 'space':
            if (token.source.includes('\t')) decline();
            blank = true;
            break;
          case 'newline':
            if (!found) decline();
            blank = true;
            newline = true;
            break;
          case 'comment':
            if (!found || !blank) decline();
            break;
          default:
            decline();
        }
      }
      if (!found) decline();
      // A block collection as the value of a key on the same line is an error.
      if ((value.type === 'block-map' || value.type === 'block-seq') && !newline) decline();

      const keyNode = this.key(key, path, false);
      const childPath = this.keyPath;
      if (keyNode.kind !== 'string') converter.keyNotString(childPath, keyNode);
      const valueNode = this.node(value, childPath, false);
      if (keyNode.kind === 'string') entries.push({ key: keyNode, value: valueNode });
    }
    return { kind: 'object', entries, path, range: converter.range(start, converter.end) };
  }

  private blockSeq(seq: CST.BlockSequence, path: string): SyntaxNode {
    const { converter } = this;
    const start = converter.collectionStart(seq.offset, false);
    converter.end = start;
    const items: SyntaxNode[] = [];
    let trailing = false;
    for (const item of seq.items) {
      if (trailing) decline();
      // Blanks and comments, `-`, then blanks and comments, a comment after a blank.
      let found = false;
      let blank = true;
      for (const token of item.start) {
        switch (token.type) {
          case 'seq-item-ind':
            if (found) decline();
            found = true;
            blank = false;
            break;
          case 'space':
            if (token.source.includes('\t')) decline();
            blank = true;
            break;
          case 'newline':
            blank = true;
            break;
          case 'comment':
            if (!blank) decline();
            break;
          default:
            decline();
        }
      }
      if (!found) {
        // Trailing comments, or an item without `-` (an error).
        if (item.value !== undefined) decline();
        trailing = true;
        continue;
      }
      if (item.value === undefined) return decline();
      items.push(this.node(item.value, appendPathIndex(path, items.length), false));
    }
    return { kind: 'array', items, path, range: converter.range(start, converter.end) };
  }

  /** `[...]` and `{...}` on one line, holding scalars and such collections. */
  private flowCollection(coll: CST.FlowCollection, path: string): SyntaxNode {
    const { converter } = this;
    const open = coll.start.source;
    const map = open === '{';
    if (!map && open !== '[') decline();
    const [close, ...after] = coll.end;
    if (close === undefined || close.source !== (map ? '}' : ']')) return decline();
    const newline = converter.text.indexOf('\n', coll.offset);
    if (newline !== -1 && newline < close.offset) decline();
    if (!endsCleanly(after)) decline();
    const start = converter.collectionStart(coll.offset, false);
    converter.end = start;
    const entries: ObjectEntry[] = [];
    const items: SyntaxNode[] = [];
    for (const [i, item] of coll.items.entries()) {
      // A comma before every item but the first (so no empty items, no trailing comma).
      let commas = 0;
      for (const token of item.start) {
        if (token.type === 'comma') commas++;
        else if (token.type !== 'space') decline();
      }
      if (commas !== (i === 0 ? 0 : 1)) decline();
      const { key, sep, value } = item;
      if (value === undefined || !isFlowNode(value)) return decline();
      if (!map) {
        if (key !== undefined || sep !== undefined) decline();
        items.push(this.node(value, appendPathIndex(path, items.length), true));
        continue;
      }
      // `key: value`, the key a scalar.
      if (key === undefined || key === null || !isFlowScalar(key) || sep === undefined)
        return decline();
      let found = false;
      for (const token of sep) {
        if (token.type === 'map-value-ind' && !found) found = true;
        else if (token.type !== 'space') decline();
      }
      if (!found) decline();
      const keyNode = this.key(key, path, true);
      const childPath = this.keyPath;
      if (keyNode.kind !== 'string') converter.keyNotString(childPath, keyNode);
      const valueNode = this.node(value, childPath, true);
      if (keyNode.kind === 'string') entries.push({ key: keyNode, value: valueNode });
    }
    const range = converter.range(start, converter.end);
    return map ? { kind: 'object', entries, path, range } : { kind: 'array', items, path, range };
  }
}

/** What a single-line flow collection may hold: scalars and flow collections. */
function isFlowNode(token: CST.Token): token is CST.FlowScalar | CST.FlowCollection {
  return isFlowScalar(token) || token.type === 'flow-collection';
}

/** Indentation and comment lines before a block map key (tabs declined). */
function isIndentation(token: CST.SourceToken): boolean {
  switch (token.type) {
    case 'space':
      return !token.source.includes('\t');
    case 'newline':
    case 'comment':
      return true;
    default:
      return false;
  }
}

function isFlowScalar(token: CST.Token): token is CST.FlowScalar {
  return (
    token.type === 'scalar' ||
    token.type === 'single-quoted-scalar' ||
    token.type === 'double-quoted-scalar'
  );
}

/** The composer's test for implicit keys (`containsNewline`). */
function isSingleLine(key: CST.FlowScalar): boolean {
  if (key.source.includes('\n')) return false;
  return key.end?.every((token) => token.type !== 'newline') ?? true;
}
