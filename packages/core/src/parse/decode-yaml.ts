import { Composer, Parser } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import { Converter } from './_converter.js';
import { decodeCst } from './_decode-cst.js';
import { formatYamlError } from './_format-yaml-error.js';
import { LineIndex } from './_line-index.js';
import type { SyntaxNode } from './syntax-node.js';

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
 * Most documents are converted straight from the library's CST (`_decode-cst.ts`); the others
 * are composed into a YAML document first. Either way the result is the same.
 *
 * Never throws: unexpected failures become a diagnostic.
 */
export function decodeYaml(filename: string, source: string | Uint8Array): DecodeYamlResult {
  return decodeWith(filename, source, true);
}

/** `decodeYaml` always composing the document first (the path it takes when the CST's is declined). */
export function decodeYamlComposed(
  filename: string,
  source: string | Uint8Array,
): DecodeYamlResult {
  return decodeWith(filename, source, false);
}

function decodeWith(
  filename: string,
  source: string | Uint8Array,
  direct: boolean,
): DecodeYamlResult {
  try {
    return decode(filename, source, direct);
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

function decode(filename: string, source: string | Uint8Array, direct: boolean): DecodeYamlResult {
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
  if (text === '')
    return { node: new Converter(filename, text, index).emptyObject(), diagnostics: [] };
  if (NOT_PRINTABLE.test(text)) return syntaxError('yaml: control characters are not allowed');

  const tokens = Array.from(new Parser().parse(text));
  // Most documents convert straight from the CST; the others are composed first.
  if (direct) {
    const converter = new Converter(filename, text, index);
    const node = decodeCst(tokens, converter);
    if (node !== undefined) {
      return converter.diagnostics.length > 0
        ? { diagnostics: converter.diagnostics }
        : { node, diagnostics: [] };
    }
  }

  const converter = new Converter(filename, text, index);
  const docs = new Composer(COMPOSE_OPTIONS).compose(tokens, true, text.length);
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
  if (converter.diagnostics.length > 0 || root === undefined)
    return { diagnostics: converter.diagnostics };
  return { node: root, diagnostics: [] };
}

function syntaxError(summary: string): DecodeYamlResult {
  return { diagnostics: [createDiagnostic('YAML_SYNTAX', summary, '')] };
}
