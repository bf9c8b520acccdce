// ESC's JSON shapes for values, environments, expressions and diagnostics (language-spec §10.3,
// esc-api.md §3), as the server sends them and its clients read them back. Numbers travel as their
// decimal text (JsonNumber), so `1.50` stays `1.50` across the wire.

import type { EnvironmentDecl } from '../ast/environment-decl.js';
import type { Expr } from '../ast/expr.js';
import type { PropertyAccessor } from '../ast/property-access.js';
import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../diagnostics/diagnostic-codes.js';
import { decodeJsonValue, type JsonTree } from '../internal/_decode-json.js';
import { goJsonEncode } from '../internal/_go-json.js';
import { JsonNumber, type JsonValue } from '../internal/json-value.js';
import { knownValue, unknownValue } from '../value/value-ops.js';
import { valueKeys, valueProperty, type Value, type ValueKind } from '../value/value.js';

export interface EscPosition {
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

export interface EscRange {
  readonly environment?: string;
  readonly begin: EscPosition;
  readonly end: EscPosition;
}

/** ESC's Value: `value` left out for null and unknowns; objects and arrays hold Values. */
export interface EscValue {
  readonly value?: JsonValue | readonly EscValue[] | { readonly [key: string]: EscValue };
  readonly secret?: boolean;
  readonly unknown?: boolean;
  readonly trace: { readonly def: EscRange; readonly base?: EscValue };
}

export interface EscDiagnostic {
  /** Strata's diagnostic code (an extension ESC's clients ignore). */
  readonly code?: string;
  readonly range?: EscRange;
  readonly summary: string;
  readonly severity?: 'error' | 'warning';
  readonly path?: string;
}

export interface EscEnvironment {
  readonly exprs?: { readonly [key: string]: unknown };
  readonly properties?: { readonly [key: string]: EscValue };
}

export interface EscValueOptions {
  /** Show secret values as `[secret]`. */
  readonly redact: boolean;
}

function range(r: SourceRange): EscRange {
  const begin = { line: r.start.line, column: r.start.column, byte: r.start.byte };
  const end = { line: r.end.line, column: r.end.column, byte: r.end.byte };
  return r.filename === '' ? { begin, end } : { environment: r.filename, begin, end };
}

/** A value as ESC's Value JSON, with its trace (where defined, what it overrode). */
export function toEscValue(value: Value, options: EscValueOptions): EscValue {
  const unknown = value.unknown || value.kind === 'unknown';
  const data = unknown ? undefined : escData(value, options);
  const def = range(value.def.range);
  return {
    ...(data === undefined || data === null ? {} : { value: data }),
    ...(value.secret ? { secret: true } : {}),
    ...(unknown ? { unknown: true } : {}),
    trace: value.base === undefined ? { def } : { def, base: toEscValue(value.base, options) },
  };
}

function escData(value: Value, options: EscValueOptions): EscValue['value'] | null {
  if (value.secret && options.redact) return '[secret]';
  switch (value.kind) {
    case 'array':
      return (value.data as Value[]).map((v) => toEscValue(v, options));
    case 'object': {
      const out: Record<string, EscValue> = {};
      for (const key of valueKeys(value)) {
        const property = valueProperty(value, key);
        if (property !== undefined)
          Object.defineProperty(out, key, {
            value: toEscValue(property, options),
            enumerable: true,
          });
      }
      return out;
    }
    case 'number': {
      // `.nan` and `.inf` have no JSON form: their text instead.
      const text = value.data as string;
      return Number.isFinite(Number(text)) ? new JsonNumber(text) : text;
    }
    default:
      return value.data as null | boolean | string;
  }
}

/** An opened or checked environment as ESC's Environment JSON. */
export function toEscEnvironment(
  root: Value | undefined,
  options: EscValueOptions & { environment?: EnvironmentDecl | undefined },
): EscEnvironment {
  const properties: Record<string, EscValue> = {};
  if (root !== undefined) {
    for (const key of valueKeys(root)) {
      const property = valueProperty(root, key);
      if (property !== undefined)
        Object.defineProperty(properties, key, {
          value: toEscValue(property, options),
          enumerable: true,
        });
    }
  }
  const exprs = options.environment === undefined ? undefined : toEscExprs(options.environment);
  return {
    ...(exprs === undefined || Object.keys(exprs).length === 0 ? {} : { exprs }),
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
  };
}

export function toEscDiagnostic(d: Diagnostic): EscDiagnostic {
  return {
    code: d.code,
    ...(d.range === undefined ? {} : { range: range(d.range) }),
    summary: d.summary,
    severity: d.severity,
    ...(d.path === '' ? {} : { path: d.path }),
  };
}

/** The `values` of a definition as ESC's Expr JSON, by top-level key. */
export function toEscExprs(environment: EnvironmentDecl): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of environment.values?.entries ?? []) {
    if (!Object.hasOwn(out, entry.key))
      Object.defineProperty(out, entry.key, {
        value: toEscExpr(entry.value),
        enumerable: true,
      });
  }
  return out;
}

function accessors(list: readonly PropertyAccessor[]): unknown[] {
  return list.map((a) => ({
    ...(a.kind === 'index' ? { index: a.index } : { key: a.key }),
    range: range(a.range),
    value: range(a.range),
  }));
}

function toEscExpr(expr: Expr): Record<string, unknown> {
  const base = { range: range(expr.range) };
  switch (expr.kind) {
    case 'null':
      return base;
    case 'boolean':
      return { ...base, literal: expr.value };
    case 'number':
      return { ...base, literal: new JsonNumber(expr.value) };
    case 'string':
      return { ...base, literal: expr.value };
    case 'interpolate':
      return {
        ...base,
        interpolate: expr.parts.map((p) => ({
          ...(p.text === '' ? {} : { text: p.text }),
          ...(p.access === undefined ? {} : { value: accessors(p.access.accessors) }),
        })),
      };
    case 'symbol':
      return { ...base, symbol: accessors(expr.access.accessors) };
    case 'array':
      return { ...base, list: expr.elements.map(toEscExpr) };
    case 'object': {
      const object: Record<string, unknown> = {};
      const keyRanges: Record<string, EscRange> = {};
      for (const entry of expr.entries) {
        if (Object.hasOwn(object, entry.key)) continue;
        Object.defineProperty(object, entry.key, {
          value: toEscExpr(entry.value),
          enumerable: true,
        });
        Object.defineProperty(keyRanges, entry.key, {
          value: range(entry.keyRange),
          enumerable: true,
        });
      }
      return { ...base, keyRanges, object };
    }
    case 'builtin':
      return {
        ...base,
        builtin: {
          name: expr.name,
          nameRange: range(expr.nameRange),
          arg:
            expr.builtin === 'secret' && 'ciphertext' in expr
              ? { range: range(expr.ciphertextRange), object: {} }
              : toEscExpr(expr.argument),
        },
      };
  }
}

/**
 * ESC JSON text: numbers as their text, keys sorted, as Go's encoder writes it; fields whose value
 * is undefined are left out, as JSON.stringify leaves them.
 */
export function stringifyEscJson(value: unknown): string {
  return goJsonEncode(value as JsonValue);
}

/** Parses ESC JSON text keeping numbers as their text (JsonNumber). */
export function parseEscJson(text: string): unknown {
  const decoded = decodeJsonValue(text);
  if (!decoded.ok) throw new SyntaxError(`invalid JSON: ${decoded.error}`);
  return plain(decoded.value);
}

function plain(tree: JsonTree): unknown {
  if (tree instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of tree)
      Object.defineProperty(out, key, { value: plain(item), enumerable: true });
    return out;
  }
  if (Array.isArray(tree)) return tree.map(plain);
  return tree;
}

function sourceRange(r: EscRange | undefined): SourceRange {
  // parseEscJson reads every number as a JsonNumber: positions are plain numbers again.
  const number = (n: unknown): number =>
    n instanceof JsonNumber ? Number(n.text) : Number(n ?? 0);
  const position = (p: EscPosition | undefined) => ({
    line: number(p?.line),
    column: number(p?.column),
    byte: number(p?.byte),
  });
  return { filename: r?.environment ?? '', start: position(r?.begin), end: position(r?.end) };
}

/** A Value back from ESC's Value JSON (as parsed by parseEscJson: numbers as JsonNumber). */
export function fromEscValue(json: EscValue): Value {
  const def = { range: sourceRange(json.trace?.def), path: '' };
  let value: Value;
  if (json.unknown === true) value = unknownValue(def);
  else value = knownValue(def, kindOf(json.value), dataOf(json.value));
  value.secret = json.secret === true;
  if (json.trace?.base !== undefined) value.base = fromEscValue(json.trace.base);
  return value;
}

function kindOf(data: EscValue['value']): Exclude<ValueKind, 'unknown'> {
  if (data === undefined || data === null) return 'null';
  if (typeof data === 'boolean') return 'boolean';
  if (typeof data === 'string') return 'string';
  if (typeof data === 'number' || data instanceof JsonNumber) return 'number';
  return Array.isArray(data) ? 'array' : 'object';
}

function dataOf(data: EscValue['value']): Value['data'] {
  if (data === undefined || data === null) return null;
  if (typeof data === 'boolean' || typeof data === 'string') return data;
  if (typeof data === 'number') return String(data);
  if (data instanceof JsonNumber) return data.text;
  if (Array.isArray(data)) return (data as readonly EscValue[]).map(fromEscValue);
  const entries = new Map<string, Value>();
  for (const [key, item] of Object.entries(data as Record<string, EscValue>))
    entries.set(key, fromEscValue(item));
  return entries;
}

/** A Diagnostic back from ESC's JSON (a code Strata does not know becomes a generic one). */
export function fromEscDiagnostic(json: EscDiagnostic): Diagnostic {
  const severity = json.severity === 'warning' ? 'warning' : 'error';
  const code: DiagnosticCode =
    json.code !== undefined && Object.hasOwn(DIAGNOSTIC_CODES, json.code)
      ? (json.code as DiagnosticCode)
      : severity === 'warning'
        ? 'FINAL_OVERRIDE'
        : 'INTERNAL';
  return {
    code,
    severity,
    summary: json.summary,
    path: json.path ?? '',
    ...(json.range === undefined ? {} : { range: sourceRange(json.range) }),
  };
}
