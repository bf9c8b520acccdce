// Checks a schema's structure and resolves what validation needs ($ref targets, patterns), as
// upstream's Schema.Compile does. Results live in a side table keyed by the schema objects, so
// every sub-schema reached from a compiled root (including ones handed out by property/item
// access) keeps its resolved $ref without changing the plain Schema type.
import { compareUtf8 } from '../internal/_compare-utf8.js';
import { formatGoFloat } from '../internal/_go-float.js';
import { goQuote } from '../internal/_go-quote.js';
import { translateRe2 } from './_translate-re2.js';
import type { ObjectSchema, Schema } from './schema.js';

interface CompiledNode {
  ref?: Schema;
  pattern?: RegExp;
  error?: string;
}

export type CompileSchemaResult =
  { readonly ok: true; readonly schema: Schema } | { readonly ok: false; readonly error: string };

const compiled = new WeakMap<ObjectSchema, CompiledNode>();

const UINT_KEYWORDS = [
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maxProperties',
  'minProperties',
] as const;
const NUMBER_KEYWORDS = [
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
] as const;

class CompileError extends Error {}

/** Go's url.PathUnescape. */
function unescapePath(s: string): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw new CompileError(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...enc.encode(c));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function resolveRef(root: Schema, ref: string): Schema {
  const prefix = '#/$defs/';
  const rest = ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
  if (rest === undefined || rest.includes('/')) {
    throw new CompileError('only fragment references of the form #/$defs/ref are supported');
  }
  const name = unescapePath(rest);
  const defs = typeof root === 'object' ? root.$defs : undefined;
  if (defs === undefined || !Object.hasOwn(defs, name))
    throw new CompileError(`unknown subschema ${ref}`);
  return defs[name] as Schema;
}

function compileNode(s: Schema | undefined, root: Schema): void {
  if (s === undefined || typeof s === 'boolean') return;
  const done = compiled.get(s);
  if (done !== undefined) {
    if (done.error !== undefined) throw new CompileError(done.error);
    return;
  }
  // Registered before recursing so that recursive $refs terminate.
  const node: CompiledNode = {};
  compiled.set(s, node);
  try {
    if (s.$ref !== undefined && s.$ref !== '') {
      node.ref = resolveRef(root, s.$ref);
      compileNode(node.ref, root);
    }
    for (const sub of s.anyOf ?? []) compileNode(sub, root);
    for (const sub of s.oneOf ?? []) compileNode(sub, root);
    for (const sub of s.prefixItems ?? []) compileNode(sub, root);
    compileNode(s.items, root);
    compileNode(s.additionalProperties, root);
    for (const key of Object.keys(s.properties ?? {}).sort(compareUtf8))
      compileNode(s.properties?.[key], root);
    for (const key of NUMBER_KEYWORDS) {
      const n = s[key];
      if (n !== undefined && !Number.isFinite(n)) {
        throw new CompileError(`invalid number ${goQuote(String(n))}`);
      }
    }
    for (const key of UINT_KEYWORDS) {
      const n = s[key];
      if (n !== undefined && !(Number.isInteger(n) && n >= 0)) {
        throw new CompileError(
          `strconv.ParseUint: parsing ${goQuote(formatGoFloat(n))}: invalid syntax`,
        );
      }
    }
    if (s.pattern !== undefined && s.pattern !== '') {
      const re = translateRe2(s.pattern);
      if (!re.ok) throw new CompileError(re.error);
      node.pattern = new RegExp(re.source, re.flags);
    }
  } catch (err) {
    if (err instanceof CompileError) node.error = err.message;
    throw err;
  }
}

/**
 * Compiles `schema` as a root (its `$defs` serve `$ref`s below it). Already-compiled sub-schemas
 * keep the root they were compiled with. Errors use upstream's texts, e.g. `unknown subschema
 * #/$defs/x` or `error parsing regexp: ...`.
 */
export function compileSchema(schema: Schema): CompileSchemaResult {
  try {
    compileNode(schema, schema);
    return { ok: true, schema };
  } catch (err) {
    if (err instanceof CompileError) return { ok: false, error: err.message };
    throw err;
  }
}

/** The resolved `$ref` target of a compiled schema, if it has one. */
export function schemaRef(schema: Schema | undefined): Schema | undefined {
  return typeof schema === 'object' ? compiled.get(schema)?.ref : undefined;
}

/** The compiled `pattern` of a compiled schema, if it has one. */
export function schemaPattern(schema: Schema | undefined): RegExp | undefined {
  return typeof schema === 'object' ? compiled.get(schema)?.pattern : undefined;
}
