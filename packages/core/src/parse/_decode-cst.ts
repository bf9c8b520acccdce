// The fast path of decoding: syntax nodes straight from the library's CST, without composing a
// YAML document first. It takes only what it can prove the composer accepts without an error or
// a warning (block and single-line flow collections, scalars without anchors or tags, comments);
// anything else, it declines and the document is composed as usual. Scalar values, and their
// errors, come from the library's own resolver (`CST.resolveAsScalar`), as composing gets them.

import { CST } from 'yaml';
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

class CstWalker {
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
        return this.scalar(path, flow, CST.resolveAsScalar(token, false, onScalarError));
      default:
        return decline();
    }
  }

  private scalar(
    path: string,
    flow: boolean,
    resolved: ReturnType<typeof CST.resolveAsScalar>,
  ): SyntaxNode {
    if (resolved === null) return decline();
    const parts = {
      value: resolved.value,
      type: resolved.type,
      offset: resolved.range[0],
      valueEnd: resolved.range[1],
      tag: '',
      props: false,
    };
    return this.converter.scalar(parts, path, flow) ?? decline();
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

      const resolvedKey = CST.resolveAsScalar(key, false, onScalarError);
      if (resolvedKey === null) return decline();
      const childPath = appendPathKey(path, resolvedKey.value);
      const keyNode = this.scalar(childPath, false, resolvedKey);
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
      const resolvedKey = CST.resolveAsScalar(key, false, onScalarError);
      if (resolvedKey === null) return decline();
      const childPath = appendPathKey(path, resolvedKey.value);
      const keyNode = this.scalar(childPath, true, resolvedKey);
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
