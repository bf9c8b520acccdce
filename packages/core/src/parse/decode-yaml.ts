import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, Scalar } from 'yaml';
import type { Diagnostic, Position, SourceRange } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import { appendPathIndex, appendPathKey } from '../internal/_path.js';
import { formatYamlError, nextTokenOffset } from './_format-yaml-error.js';
import { LineIndex, utf8ByteLength } from './_line-index.js';
import { resolveScalar } from './_resolve-scalar.js';
import type { ObjectEntry, StringNode, SyntaxNode } from './syntax-node.js';

export interface DecodeYamlResult {
  /** The first document's root; absent when decoding failed (see `diagnostics`). */
  readonly node?: SyntaxNode;
  readonly diagnostics: Diagnostic[];
}

/**
 * Decodes an environment definition into a syntax tree (language-spec §1.1, ranges per §10.5),
 * behaving like ESC's decoder over gopkg.in/yaml.v3:
 *
 * - an empty input (or one holding only comments and blanks) is an empty object;
 * - a YAML syntax error is one `YAML_SYNTAX` diagnostic without a range, worded like yaml.v3;
 * - aliases and non-string mapping keys are errors, and any error means no tree;
 * - plain scalars are typed as yaml.v3 types them; quoted and block scalars are strings;
 * - only the first document of a stream is read.
 *
 * Known differences from yaml.v3: the library rejects flow collections continued on lines not
 * indented past their parent (yaml.v3 accepts them); error wording is mapped from the library's
 * errors, exact only for the common cases; nesting deeper than the library's recursion allows
 * (about a thousand levels) is `yaml: document nesting too deep`; byte offsets count code points
 * where ESC counts display cells (wide characters) on non-ASCII lines.
 *
 * Never throws: unexpected failures become a diagnostic.
 */
export function decodeYaml(filename: string, source: string | Uint8Array): DecodeYamlResult {
  try {
    return decode(filename, source);
  } catch (err) {
    if (err instanceof RangeError) return syntaxError('yaml: document nesting too deep');
    const message = err instanceof Error ? err.message : String(err);
    return {
      diagnostics: [createDiagnostic('INTERNAL', `internal error: decoding YAML: ${message}`, '')],
    };
  }
}

// Characters libyaml's reader accepts (YAML's printable set).
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

const COMPOSE_OPTIONS = {
  // Typing is ours (yaml.v3's rules), so let the library keep every scalar as text.
  schema: 'failsafe',
  // Duplicate keys are reported by later stages, with ESC's wording and severity.
  uniqueKeys: false,
  // libyaml does not insist on a blank before a comment and similar unambiguous slips.
  strict: false,
} as const;

function decode(filename: string, source: string | Uint8Array): DecodeYamlResult {
  let text: string;
  if (typeof source === 'string') {
    text = source;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(source);
    } catch {
      return syntaxError('yaml: invalid leading UTF-8 octet');
    }
  }
  // libyaml does not count a byte-order mark in columns, and ESC's byte offsets follow columns.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const index = new LineIndex(text);
  const converter = new Converter(filename, text, index);
  if (text === '') return { node: converter.emptyObject(), diagnostics: [] };
  if (NOT_PRINTABLE.test(text)) return syntaxError('yaml: control characters are not allowed');

  const docs = new Composer(COMPOSE_OPTIONS).compose(new Parser().parse(text), true, text.length);
  const first = docs.next();
  if (first.done) return { node: converter.emptyObject(), diagnostics: [] };
  const doc = first.value;

  const error = doc.errors.reduce<(typeof doc.errors)[number] | undefined>(
    (best, e) => (best === undefined || e.pos[0] < best.pos[0] ? e : best),
    undefined,
  );
  if (error) return syntaxError(formatYamlError(error, text, index, doc.contents));
  if (doc.contents === null) return { node: converter.emptyObject(), diagnostics: [] };

  const root = converter.convert(doc.contents, '', false, 0);
  if (converter.unknownAnchor !== undefined) {
    return syntaxError(`yaml: unknown anchor '${converter.unknownAnchor}' referenced`);
  }
  if (converter.diagnostics.length > 0 || root.node === undefined)
    return { diagnostics: converter.diagnostics };
  return { node: root.node, diagnostics: [] };
}

function syntaxError(summary: string): DecodeYamlResult {
  return { diagnostics: [createDiagnostic('YAML_SYNTAX', summary, '')] };
}

/** A 1-based line and code-point column, before byte offsets are attached. */
interface Point {
  readonly line: number;
  readonly column: number;
}

interface Converted {
  readonly node: SyntaxNode | undefined;
  readonly range: SourceRange;
  readonly end: Point;
}

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';

/** yaml.v3's short form of a tag: `tag:yaml.org,2002:str` → `!!str`. */
function shortTag(tag: string): string {
  return tag.startsWith(YAML_TAG_PREFIX) ? `!!${tag.slice(YAML_TAG_PREFIX.length)}` : tag;
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];
  unknownAnchor: string | undefined;
  private readonly anchors = new Set<string>();

  constructor(
    private readonly filename: string,
    private readonly text: string,
    private readonly index: LineIndex,
  ) {}

  emptyObject(): SyntaxNode {
    const start = { line: 1, column: 1 };
    return { kind: 'object', entries: [], path: '', range: this.range(start, start) };
  }

  /**
   * Converts one composed node. `flow` tells whether it sits in a flow collection, and
   * `emptyAt` is where yaml.v3 puts an implicit empty scalar standing for a missing node.
   */
  convert(node: unknown, path: string, flow: boolean, emptyAt: number): Converted {
    if (node === null || node === undefined) {
      const at = this.point(emptyAt);
      return {
        node: { kind: 'null', path, range: this.range(at, at) },
        range: this.range(at, at),
        end: at,
      };
    }
    if (isScalar(node)) return this.scalar(node, path, flow);
    if (isAlias(node)) {
      if (this.unknownAnchor === undefined && !this.anchors.has(node.source))
        this.unknownAnchor = node.source;
      const start = this.point(node.range?.[0] ?? 0);
      // yaml.v3 measures an alias by its anchor name, without the `*`.
      const end = { line: start.line, column: start.column + utf8ByteLength(node.source) };
      const range = this.range(start, end);
      this.diagnostics.push(
        createDiagnostic('YAML_ALIAS', 'alias nodes are not supported', path, range),
      );
      return { node: undefined, range, end };
    }
    if (isMap(node) || isSeq(node)) {
      if (node.anchor) this.anchors.add(node.anchor);
      const offset = node.range?.[0] ?? 0;
      const start = this.point(node.anchor || node.tag ? this.propsStart(offset) : offset);
      const childFlow = node.flow === true;
      let end: Point = start;
      if (isSeq(node)) {
        const items: SyntaxNode[] = [];
        node.items.forEach((item, i) => {
          const child = this.convert(item, appendPathIndex(path, i), childFlow, offset);
          if (child.node) items.push(child.node);
          end = child.end;
        });
        const range = this.range(start, end);
        return { node: { kind: 'array', items, path, range }, range, end };
      }
      const entries: ObjectEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyText = keyValueText(pair.key);
        const childPath = appendPathKey(path, keyText);
        const key = this.convert(pair.key, childPath, childFlow, offset);
        if (key.node !== undefined && key.node.kind !== 'string') {
          this.diagnostics.push(
            createDiagnostic(
              'YAML_KEY_NOT_STRING',
              'mapping keys must be strings',
              childPath,
              key.range,
            ),
          );
        }
        const keyEnd = rangeEnd(pair.key) ?? offset;
        const value = this.convert(
          pair.value,
          childPath,
          childFlow,
          nextTokenOffset(this.text, keyEnd),
        );
        if (key.node?.kind === 'string' && value.node)
          entries.push({ key: key.node, value: value.node });
        end = value.end;
      }
      const range = this.range(start, end);
      return { node: { kind: 'object', entries, path, range }, range, end };
    }
    // Not a node the library composes; treat as an empty value rather than fail.
    const at = this.point(emptyAt);
    return {
      node: { kind: 'null', path, range: this.range(at, at) },
      range: this.range(at, at),
      end: at,
    };
  }

  private scalar(node: Scalar, path: string, flow: boolean): Converted {
    if (node.anchor) this.anchors.add(node.anchor);
    const value = typeof node.source === 'string' ? node.source : String(node.value);
    const [offset, valueEnd] = node.range ?? [0, 0];
    const tag = node.tag ? shortTag(node.tag) : '';
    const plain = node.type === Scalar.PLAIN || node.type === undefined;
    let startOffset = offset;
    if (node.anchor || node.tag) startOffset = this.propsStart(offset);
    else if (plain && value === '' && offset === valueEnd && !flow)
      startOffset = this.afterIndicator(offset);
    const start = this.point(startOffset);

    // Ends follow yaml.v3 + ESC: start column + decoded byte length on the start line; literal
    // blocks move down one line per newline; a tagged plain scalar adds its tag and a space.
    let end: Point;
    if (node.type === Scalar.BLOCK_LITERAL) {
      const parts = value.split('\n');
      const last = parts[parts.length - 1] ?? '';
      end = { line: start.line + parts.length - 1, column: start.column + utf8ByteLength(last) };
    } else {
      const tagged = plain && tag !== '' && tag !== '!';
      end = {
        line: start.line,
        column: start.column + (tagged ? tag.length + 1 : 0) + utf8ByteLength(value),
      };
    }
    const range = this.range(start, end);

    const untagged = tag === '' || tag === '!';
    if (untagged && !plain) return { node: stringNode(value, path, range, false), range, end };
    const resolved = resolveScalar(untagged ? '' : tag, value);
    switch (resolved.kind) {
      case 'null':
        return { node: { kind: 'null', path, range }, range, end };
      case 'boolean':
        return { node: { kind: 'boolean', value: resolved.value, path, range }, range, end };
      case 'number':
        return { node: { kind: 'number', value: resolved.value, path, range }, range, end };
      case 'error':
        this.diagnostics.push(createDiagnostic('YAML_SYNTAX', resolved.message, path, range));
        return { node: undefined, range, end };
      case 'string': {
        const singleLine = plain && untagged && !this.text.slice(offset, valueEnd).includes('\n');
        return { node: stringNode(value, path, range, singleLine), range, end };
      }
    }
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

  private point(offset: number): Point {
    return this.index.locate(offset);
  }

  private position(p: Point): Position {
    // ESC's quirk: positions on the last `\n`-separated line get byte 0 (language-spec §10.5).
    const byte = p.line >= this.index.lineCount ? 0 : this.index.byteAt(p.line, p.column);
    return { line: p.line, column: p.column, byte };
  }

  private range(start: Point, end: Point): SourceRange {
    return { filename: this.filename, start: this.position(start), end: this.position(end) };
  }
}

function stringNode(
  value: string,
  path: string,
  range: SourceRange,
  plainSingleLine: boolean,
): StringNode {
  return { kind: 'string', value, plainSingleLine, path, range };
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
