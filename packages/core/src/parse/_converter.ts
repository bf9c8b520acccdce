import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Diagnostic, Position, SourceRange } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import { appendPathIndex, appendPathKey } from '../internal/_path.js';
import { nextTokenOffset } from './_format-yaml-error.js';
import { utf8ByteLength, type LineIndex } from './_line-index.js';
import { resolveScalar } from './_resolve-scalar.js';
import type { ObjectEntry, SyntaxNode } from './syntax-node.js';

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';

/** yaml.v3's short form of a tag: `tag:yaml.org,2002:str` → `!!str`. */
function shortTag(tag: string): string {
  return tag.startsWith(YAML_TAG_PREFIX) ? `!!${tag.slice(YAML_TAG_PREFIX.length)}` : tag;
}

const PLAIN = Scalar.PLAIN;
const BLOCK_LITERAL = Scalar.BLOCK_LITERAL;

/**
 * Syntax nodes for one document: ranges per yaml.v3 + ESC (language-spec §10.5), document paths,
 * yaml.v3's scalar typing, and the conversion errors (aliases, non-string keys, bad tags).
 * Positions come from the line index as nodes are met in document order, so each lookup is a
 * step from the previous one; a collection's end position is the one of the node it ends with.
 */
export class Converter {
  readonly diagnostics: Diagnostic[] = [];
  unknownAnchor: string | undefined;
  private readonly anchors = new Set<string>();
  /** Where the node converted last ends (yaml.v3's end mark), whether or not it made a node. */
  end: Position = { line: 1, column: 1, byte: 0 };
  /** The whole text is ASCII, so plain scalars (source text) are as long in UTF-8. */
  private readonly ascii: boolean;

  constructor(
    readonly filename: string,
    readonly text: string,
    readonly index: LineIndex,
  ) {
    this.ascii = index.ascii;
  }

  emptyObject(): SyntaxNode {
    const start = this.index.positionAt(1, 1);
    return { kind: 'object', entries: [], path: '', range: this.range(start, start) };
  }

  /**
   * Converts one composed node; undefined when it is an error (reported in `diagnostics`).
   * `flow` tells whether it sits in a flow collection, and `emptyAt` is where yaml.v3 puts an
   * implicit empty scalar standing for a missing node (past blanks and comments when `afterKey`:
   * `emptyAt` is then the end of the pair's key).
   */
  convert(
    node: unknown,
    path: string,
    flow: boolean,
    emptyAt: number,
    afterKey = false,
  ): SyntaxNode | undefined {
    if (isScalar(node)) {
      if (node.anchor) this.anchors.add(node.anchor);
      return this.scalar(
        typeof node.source === 'string' ? node.source : String(node.value),
        node.type,
        node.range?.[0] ?? 0,
        node.range?.[1] ?? 0,
        node.tag ? shortTag(node.tag) : '',
        Boolean(node.anchor || node.tag),
        path,
        flow,
      );
    }
    if (isMap(node)) return this.map(node, path);
    if (isSeq(node)) return this.seq(node, path);
    if (isAlias(node)) {
      if (this.unknownAnchor === undefined && !this.anchors.has(node.source))
        this.unknownAnchor = node.source;
      const start = this.index.position(node.range?.[0] ?? 0);
      // yaml.v3 measures an alias by its anchor name, without the `*`.
      const end = this.index.positionAt(start.line, start.column + utf8ByteLength(node.source));
      this.end = end;
      const range = this.range(start, end);
      this.diagnostics.push(
        createDiagnostic('YAML_ALIAS', 'alias nodes are not supported', path, range),
      );
      return undefined;
    }
    // A missing node, or one the library does not compose (treated as an empty value).
    const at = this.index.position(afterKey ? nextTokenOffset(this.text, emptyAt) : emptyAt);
    this.end = at;
    return { kind: 'null', path, range: this.range(at, at) };
  }

  /** Where a collection starting at `offset` starts for yaml.v3 (before its anchor and tag). */
  collectionStart(offset: number, props: boolean): Position {
    return this.index.position(props ? this.propsStart(offset) : offset);
  }

  /** Reports a mapping key that is not a string. */
  keyNotString(path: string, key: SyntaxNode): void {
    this.diagnostics.push(
      createDiagnostic('YAML_KEY_NOT_STRING', 'mapping keys must be strings', path, key.range),
    );
  }

  range(start: Position, end: Position): SourceRange {
    return { filename: this.filename, start, end };
  }

  /**
   * A scalar's node, typed as yaml.v3 types it; undefined when its tag does not fit. The scalar
   * is as the library resolves it: its text, its style (`Scalar.PLAIN` etc.; none counts as
   * plain), where its value starts and ends, its short explicit tag (`!!int`, `!foo`, `!`; ''
   * for none), and whether an anchor or tag precedes it (its start then moves back over them).
   */
  scalar(
    value: string,
    type: Scalar.Type | null | undefined,
    offset: number,
    valueEnd: number,
    tag: string,
    props: boolean,
    path: string,
    flow: boolean,
  ): SyntaxNode | undefined {
    const plain = type === PLAIN || type === undefined || type === null;
    let startOffset = offset;
    if (props) startOffset = this.propsStart(offset);
    else if (plain && value === '' && offset === valueEnd && !flow)
      startOffset = this.afterIndicator(offset);
    const start = this.index.position(startOffset);

    // Ends follow yaml.v3 + ESC: start column + decoded byte length on the start line; literal
    // blocks move down one line per newline; a tagged plain scalar adds its tag and a space.
    let end: Position;
    if (type === BLOCK_LITERAL) {
      let newlines = 0;
      let lastLine = 0;
      for (let nl = value.indexOf('\n'); nl !== -1; nl = value.indexOf('\n', nl + 1)) {
        newlines++;
        lastLine = nl + 1;
      }
      const last = lastLine === 0 ? value : value.slice(lastLine);
      end = this.index.positionAt(start.line + newlines, start.column + utf8ByteLength(last));
    } else {
      const tagged = plain && tag !== '' && tag !== '!';
      const bytes = plain && this.ascii ? value.length : utf8ByteLength(value);
      end = this.index.positionAt(start.line, start.column + (tagged ? tag.length + 1 : 0) + bytes);
    }
    this.end = end;
    const range = this.range(start, end);

    const untagged = tag === '' || tag === '!';
    if (untagged && !plain) return { kind: 'string', value, plainSingleLine: false, path, range };
    const resolved = resolveScalar(untagged ? '' : tag, value);
    switch (resolved.kind) {
      case 'null':
        return { kind: 'null', path, range };
      case 'boolean':
        return { kind: 'boolean', value: resolved.value, path, range };
      case 'number':
        return { kind: 'number', value: resolved.value, path, range };
      case 'error':
        this.diagnostics.push(createDiagnostic('YAML_SYNTAX', resolved.message, path, range));
        return undefined;
      case 'string': {
        let plainSingleLine = false;
        if (plain && untagged) {
          const newline = this.text.indexOf('\n', offset);
          plainSingleLine = newline === -1 || newline >= valueEnd;
        }
        return { kind: 'string', value, plainSingleLine, path, range };
      }
    }
  }

  private seq(node: YAMLSeq, path: string): SyntaxNode {
    if (node.anchor) this.anchors.add(node.anchor);
    const offset = node.range?.[0] ?? 0;
    const start = this.collectionStart(offset, Boolean(node.anchor || node.tag));
    const childFlow = node.flow === true;
    const source = node.items;
    const items: SyntaxNode[] = [];
    this.end = start;
    for (let i = 0; i < source.length; i++) {
      const item = this.convert(source[i], appendPathIndex(path, i), childFlow, offset);
      if (item !== undefined) items.push(item);
    }
    return { kind: 'array', items, path, range: this.range(start, this.end) };
  }

  private map(node: YAMLMap, path: string): SyntaxNode {
    if (node.anchor) this.anchors.add(node.anchor);
    const offset = node.range?.[0] ?? 0;
    const start = this.collectionStart(offset, Boolean(node.anchor || node.tag));
    const childFlow = node.flow === true;
    const entries: ObjectEntry[] = [];
    this.end = start;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const childPath = appendPathKey(path, keyValueText(pair.key));
      const key = this.convert(pair.key, childPath, childFlow, offset);
      if (key !== undefined && key.kind !== 'string') this.keyNotString(childPath, key);
      const keyEnd = rangeEnd(pair.key) ?? offset;
      const value = this.convert(pair.value, childPath, childFlow, keyEnd, true);
      if (key?.kind === 'string' && value !== undefined) entries.push({ key, value });
    }
    return { kind: 'object', entries, path, range: this.range(start, this.end) };
  }

  /** Moves a node's start back over its anchor and tag, where yaml.v3 starts it. */
  private propsStart(offset: number): number {
    let start = offset;
    for (let n = 0; n < 2; n++) {
      let j = start - 1;
      while (j >= 0 && isBlank(this.text.charCodeAt(j))) j--;
      let k = j;
      while (k >= 0 && !isBlank(this.text.charCodeAt(k)) && !'[{,'.includes(this.text.charAt(k)))
        k--;
      const c = this.text.charAt(k + 1);
      if (k >= j || (c !== '!' && c !== '&')) break;
      start = k + 1;
    }
    return start;
  }

  /** An implicit empty block scalar sits right after its `-`, `:` or `?` indicator. */
  private afterIndicator(offset: number): number {
    let j = offset;
    while (j > 0 && (this.text[j - 1] === ' ' || this.text[j - 1] === '\t')) j--;
    const c = this.text[j - 1];
    return c === '-' || c === ':' || c === '?' ? j : offset;
  }
}

/** The key text yaml.v3 builds paths from: a scalar's text, an alias's name, else empty. */
function keyValueText(key: unknown): string {
  if (isScalar(key)) return typeof key.source === 'string' ? key.source : String(key.value);
  if (isAlias(key)) return key.source;
  return '';
}

function rangeEnd(node: unknown): number | undefined {
  if (isScalar(node) || isAlias(node) || isMap(node) || isSeq(node)) return node.range?.[1];
  return undefined;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
