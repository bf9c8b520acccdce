import { isMap, isPair, isScalar, isSeq, Scalar, type YAMLParseError } from 'yaml';
import type { LineIndex } from './_line-index.js';

/** How yaml.v3 (libyaml) reports a problem: its text and which mark gives the line. */
interface V3Error {
  readonly message: string;
  /** Scanner errors print the 1-based line; parser errors print the 0-based context line. */
  readonly scanner: boolean;
  /** UTF-16 offset of the context mark (e.g. the `[` of an unterminated flow sequence). */
  readonly context?: number | undefined;
}

interface FoundNodes {
  readonly flows: { readonly start: number; readonly end: number; readonly close: string }[];
  readonly quoted: { readonly start: number; readonly end: number }[];
}

/**
 * Turns the yaml library's first error into yaml.v3's summary (`yaml: line N: <problem>`), as
 * close as practical: the corpus fixes `yaml: line 1: did not find expected ',' or ']'` for an
 * unterminated flow sequence. yaml.v3 prints the context mark's 0-based line for parser errors
 * (the problem's when the context is on line 0) and 1-based lines for scanner errors; a line
 * of 0 prints no line at all.
 */
export function formatYamlError(
  error: YAMLParseError,
  text: string,
  index: LineIndex,
  contents: unknown,
): string {
  if (error.code === 'RESOURCE_EXHAUSTION') return 'yaml: document nesting too deep';
  const pos = error.pos[0];
  const v3 = translate(error, pos, text, contents);
  const line0 = (offset: number): number => index.locate(offset).line - 1;
  const contextLine = v3.context === undefined ? 0 : line0(v3.context);
  const problemLine = v3.scanner ? line0(pos) : line0(nextTokenOffset(text, pos));
  let line = contextLine !== 0 ? contextLine : problemLine;
  if (line !== 0 && v3.scanner) line++;
  return line === 0 ? `yaml: ${v3.message}` : `yaml: line ${line}: ${v3.message}`;
}

function translate(error: YAMLParseError, pos: number, text: string, contents: unknown): V3Error {
  const { code, message } = error;
  const flow =
    /^Flow (sequence|map)\b/.exec(message) ??
    /\b(?:in|between) flow (sequence|map)\b/.exec(message);
  if (flow) {
    const close = flow[1] === 'map' ? '}' : ']';
    const nodes = findNodes(contents, text);
    // The innermost collection that encloses the error, preferring one left unterminated.
    const enclosing = nodes.flows
      .filter(
        (f) =>
          f.start < pos &&
          f.close === close &&
          (f.end >= pos || !text.startsWith(close, f.end - 1)),
      )
      .sort((a, b) => b.start - a.start)[0];
    if (code === 'UNEXPECTED_TOKEN') {
      return {
        message: 'did not find expected node content',
        scanner: false,
        context: enclosing?.start,
      };
    }
    return {
      message: `did not find expected ',' or '${close}'`,
      scanner: false,
      context: enclosing?.start,
    };
  }
  switch (code) {
    case 'MISSING_CHAR':
      if (/closing .*quote/.test(message))
        return quotedError('found unexpected end of stream', pos, text, contents);
      if (/map values/.test(message))
        return { message: "could not find expected ':'", scanner: true };
      break;
    case 'BAD_DQ_ESCAPE':
      return quotedError('found unknown escape character', pos, text, contents);
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return { message: 'found character that cannot start any token', scanner: true };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { message: 'mapping values are not allowed in this context', scanner: true };
    case 'MULTILINE_IMPLICIT_KEY':
    case 'KEY_OVER_1024_CHARS':
      return { message: "could not find expected ':'", scanner: true };
    case 'BAD_INDENT':
      if (/mapping/.test(message)) return { message: 'did not find expected key', scanner: false };
      if (/sequence/.test(message))
        return { message: "did not find expected '-' indicator", scanner: false };
      break;
    case 'MULTIPLE_ANCHORS':
    case 'MULTIPLE_TAGS':
    case 'BAD_PROP_ORDER':
    case 'ALIAS_PROPS':
      return { message: 'did not find expected node content', scanner: false };
    default:
      break;
  }
  // No yaml.v3 equivalent we know of: keep the library's wording on the problem's line.
  const first = message.split('\n')[0] ?? message;
  return { message: first.charAt(0).toLowerCase() + first.slice(1), scanner: true };
}

function quotedError(message: string, pos: number, text: string, contents: unknown): V3Error {
  const scalar = findNodes(contents, text)
    .quoted.filter((q) => q.start < pos && q.end >= pos)
    .sort((a, b) => b.start - a.start)[0];
  return { message, scanner: true, context: scalar?.start };
}

/** Collects flow collections and quoted scalars of a composed document, without recursion. */
function findNodes(contents: unknown, text: string): FoundNodes {
  const flows: { start: number; end: number; close: string }[] = [];
  const quoted: { start: number; end: number }[] = [];
  const stack: unknown[] = [contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.key, n.value);
    } else if (isMap(n) || isSeq(n)) {
      const range = n.range;
      if (n.flow && range) {
        const start = range[0];
        flows.push({ start, end: range[1], close: text[start] === '{' ? '}' : ']' });
      }
      for (const item of n.items) stack.push(item);
    } else if (
      isScalar(n) &&
      (n.type === Scalar.QUOTE_DOUBLE || n.type === Scalar.QUOTE_SINGLE) &&
      n.range
    ) {
      quoted.push({ start: n.range[0], end: n.range[2] });
    }
  }
  return { flows, quoted };
}

/** Offset of the next token at or after `from`: skips blanks, line breaks and comments. */
export function nextTokenOffset(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else break;
  }
  return i;
}
