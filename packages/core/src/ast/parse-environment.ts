// An environment definition from its YAML text (language-spec §1.2, §1.3, §2.1).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import { goQuote } from '../internal/_go-quote.js';
import { foldKey, levenshtein } from '../internal/_levenshtein.js';
import { decodeYaml } from '../parse/decode-yaml.js';
import type { SyntaxNode } from '../parse/syntax-node.js';
import { declareExpr } from './declare-expr.js';
import type { ImportDecl, ParseResult } from './environment-decl.js';
import type { ObjectEntryExpr, ObjectExpr } from './expr.js';

const FIELDS = ['description', 'imports', 'values'] as const;
type Field = (typeof FIELDS)[number];

/** Decodes `source` and declares the environment it defines. Never throws on bad input. */
export function parseEnvironment(name: string, source: string | Uint8Array): ParseResult {
  const decoded = decodeYaml(name, source);
  if (decoded.node === undefined) return { diagnostics: decoded.diagnostics };
  const declared = declareEnvironment(name, decoded.node);
  return {
    environment: declared.environment,
    diagnostics: [...decoded.diagnostics, ...declared.diagnostics],
  };
}

/** Declares the environment whose decoded document is `node`, with its load diagnostics. */
export function declareEnvironment(name: string, node: SyntaxNode): ParseResult {
  const diagnostics: Diagnostic[] = [];
  if (node.kind !== 'object') {
    diagnostics.push(
      createDiagnostic(
        'DOCUMENT_NOT_OBJECT',
        'environment must be an object',
        node.path,
        node.range,
      ),
    );
    return { environment: { name, imports: [], empty: true }, diagnostics };
  }

  let description: string | undefined;
  let imports: ImportDecl[] = [];
  let importEntries = 0;
  let values: ObjectExpr | undefined;
  const seen = new Set<string>();
  // A repeated field is declared again and the later declaration replaces the earlier one.
  for (const { key, value } of node.entries) {
    if (seen.has(key.value)) {
      diagnostics.push(
        createDiagnostic(
          'DUPLICATE_DOCUMENT_KEY',
          `duplicate key ${goQuote(key.value)}`,
          key.path,
          key.range,
        ),
      );
    }
    seen.add(key.value);
    switch (matchField(key.value)) {
      case 'description':
        description = declareDescription(value, diagnostics);
        break;
      case 'imports':
        imports = declareImports(value, diagnostics);
        importEntries = value.kind === 'array' ? value.items.length : 0;
        break;
      case 'values':
        values = declareValues(value, diagnostics);
        break;
      case undefined:
        diagnostics.push(
          createDiagnostic(
            'UNKNOWN_DOCUMENT_FIELD',
            unknownFieldSummary(key.value),
            key.path,
            key.range,
          ),
        );
    }
  }

  // Invalid import entries still count: only a document with nothing at all is empty.
  const empty = (values?.entries.length ?? 0) === 0 && importEntries === 0;
  return { environment: { name, description, imports, values, empty }, diagnostics };
}

function matchField(key: string): Field | undefined {
  const folded = foldAscii(key);
  return FIELDS.find((field) => field === folded);
}

/** Folds like Go's `strings.EqualFold` does for comparisons with lower-case ASCII words. */
function foldAscii(key: string): string {
  return key.toLowerCase().replaceAll('\u017f', 's').replaceAll('\u212a', 'k');
}

function unknownFieldSummary(key: string): string {
  const target = foldKey(key);
  const candidates = FIELDS.map((field) => `'${field}'`)
    .map((candidate) => ({ candidate, distance: levenshtein(target, foldKey(candidate)) }))
    .sort((a, b) => a.distance - b.distance)
    .map(({ candidate }) => candidate);
  return `Field '${key}' does not exist on Object 'environment'. Existing fields are: ${candidates.join(', ')}`;
}

function declareDescription(node: SyntaxNode, diagnostics: Diagnostic[]): string | undefined {
  const expr = declareExpr(node, diagnostics);
  if (expr.kind === 'string') return expr.value;
  diagnostics.push(
    createDiagnostic('DOCUMENT_FIELD_TYPE', 'description must be a string', expr.path, expr.range),
  );
  return undefined;
}

function declareImports(node: SyntaxNode, diagnostics: Diagnostic[]): ImportDecl[] {
  if (node.kind !== 'array') {
    diagnostics.push(
      createDiagnostic('DOCUMENT_FIELD_TYPE', 'imports must be a list', node.path, node.range),
    );
    return [];
  }
  const imports: ImportDecl[] = [];
  for (const item of node.items) {
    if (item.kind === 'string') {
      imports.push({ name: item.value, range: item.range, path: item.path, merge: true });
      continue;
    }
    if (item.kind !== 'object') {
      diagnostics.push(
        createDiagnostic(
          'INVALID_IMPORT',
          'import must be a string or an object',
          item.path,
          item.range,
        ),
      );
      continue;
    }
    const [entry] = item.entries;
    if (item.entries.length !== 1 || entry === undefined) {
      diagnostics.push(
        createDiagnostic('INVALID_IMPORT', 'import must have a single key', item.path, item.range),
      );
      continue;
    }
    const { key, value } = entry;
    imports.push({
      name: key.value,
      range: key.range,
      path: key.path,
      merge: declareMerge(value, diagnostics),
    });
  }
  return imports;
}

/** The options of an object-form import: only `merge` counts, and it must be a boolean literal. */
function declareMerge(node: SyntaxNode, diagnostics: Diagnostic[]): boolean {
  if (node.kind !== 'object') {
    diagnostics.push(
      createDiagnostic('INVALID_IMPORT', 'import must be an object', node.path, node.range),
    );
    return true;
  }
  let merge = true;
  for (const { key, value } of node.entries) {
    if (foldAscii(key.value) !== 'merge') continue;
    const expr = declareExpr(value, diagnostics);
    if (expr.kind === 'boolean') {
      merge = expr.value;
    } else {
      diagnostics.push(
        createDiagnostic('INVALID_IMPORT', 'merge must be a boolean value', expr.path, expr.range),
      );
      // ESC stores a zero boolean in the rejected field, so the import is then not merged.
      merge = false;
    }
  }
  return merge;
}

/** The `values` mapping: keys verbatim (§1.3); a top-level `fn::` key is an error but kept. */
function declareValues(node: SyntaxNode, diagnostics: Diagnostic[]): ObjectExpr | undefined {
  if (node.kind !== 'object') {
    diagnostics.push(
      createDiagnostic('DOCUMENT_FIELD_TYPE', 'values must be an object', node.path, node.range),
    );
    return undefined;
  }
  const entries: ObjectEntryExpr[] = [];
  for (const { key, value } of node.entries) {
    if (key.value.startsWith('fn::')) {
      const summary = `builtin function call ${goQuote(key.value)} not allowed at the top level`;
      diagnostics.push(createDiagnostic('TOP_LEVEL_BUILTIN', summary, key.path, key.range));
    }
    entries.push({
      key: key.value,
      keyRange: key.range,
      keyPath: key.path,
      value: declareExpr(value, diagnostics),
    });
  }
  return { kind: 'object', entries, range: node.range, path: node.path, syntax: node };
}
