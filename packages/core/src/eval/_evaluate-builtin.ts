import { appendPathKey } from '../internal/_path.js';
import { decodeBase64Std } from '../internal/_decode-base64.js';
import { decodeJsonValue, type JsonTree } from '../internal/_decode-json.js';
import { goJsonString } from '../internal/_go-json.js';
import { compareUtf8 } from '../internal/_compare-utf8.js';
import { JsonNumber, type Schema } from '../schema/schema.js';
import { compileSchema } from '../schema/compile-schema.js';
import { schemaFromValue } from '../value/schema-from-value.js';
import { validateValue } from '../value/validate-value.js';
import { decodeCiphertext } from '../secrets/ciphertext-envelope.js';
import { toInternalString } from '../value/value-to-string.js';
import type { EvaluationHost } from './_evaluation-host.js';
import { ExprState, type ExprNode } from './_expr-node.js';
import type { RotationOutcome } from './_resources.js';
import type { Budget } from './_budget.js';
import type { PlainValue, ProviderOutput } from './host-interfaces.js';
import {
  containsSecrets,
  containsUnknowns,
  copyValue,
  knownValue,
  makeDeeplySecret,
  unknownValue,
  valueFromPlain,
  valueToMarkedPlain,
  valueToPlain,
} from '../value/value-ops.js';
import { arrayItems, valueKeys, valueProperty, type Value } from '../value/value.js';

const STRING: Schema = { type: 'string' };
const ARRAY_OF_STRINGS: Schema = { type: 'array', items: { type: 'string' } };
const ARRAY_OF_ARRAYS: Schema = { type: 'array', items: { type: 'array', items: true } };

type Repr<K extends ExprNode['repr']['kind']> = Extract<ExprNode['repr'], { kind: K }>;
type PairRepr = Extract<ExprNode['repr'], { kind: 'join' | 'split' }>;

/** Evaluates a `fn::` call (language-spec §4). */
export function evaluateBuiltin(ev: EvaluationHost, node: ExprNode): Value {
  const repr = node.repr;
  switch (repr.kind) {
    case 'open':
      return evaluateOpen(ev, node, repr);
    case 'rotate':
      return evaluateRotate(ev, node, repr);
    case 'plaintext':
      return ev.evaluateExpr(repr.plaintext);
    case 'ciphertext':
      return evaluateCiphertext(ev, node, repr.ciphertext);
    case 'join':
      return evaluateJoin(ev, node, repr);
    case 'split':
      return evaluateSplit(ev, node, repr);
    case 'concat':
      return evaluateConcat(ev, node, repr);
    case 'validate':
      return evaluateValidate(ev, node, repr);
    case 'toJSON':
      return evaluateToJson(ev, node, repr.arg);
    case 'fromJSON':
      return evaluateFromJson(ev, node, repr.arg);
    case 'toBase64':
      return stringFunction(ev, node, repr.arg, (s) => Buffer.from(s, 'utf8').toString('base64'));
    case 'fromBase64':
      return stringFunction(ev, node, repr.arg, (s) => {
        const decoded = decodeBase64Std(s);
        if (!decoded.ok)
          throw new BuiltinError('DECODE_FAILED', `decoding base64 string: ${decoded.error}`);
        return decoded.bytes.toString('utf8');
      });
    case 'toString': {
      const arg = ev.evaluateExpr(repr.arg);
      ev.shared.budget.fits(ev.shared.budget.measure(arg));
      const converted = toInternalString(arg);
      ev.shared.budget.string(converted.text.length);
      return stringResult(node, converted.text, converted.unknown, converted.secret);
    }
    case 'final': {
      const value = copyValue(ev.evaluateExpr(repr.arg), ev.shared.budget);
      value.final = true;
      return value;
    }
    default:
      return unknownValue(node.origin);
  }
}

class BuiltinError extends Error {
  constructor(
    readonly code: 'DECODE_FAILED' | 'ENCODE_FAILED',
    message: string,
  ) {
    super(message);
  }
}

function stringResult(node: ExprNode, text: string, unknown: boolean, secret: boolean): Value {
  const value = unknown
    ? unknownValue(node.origin, STRING)
    : knownValue(node.origin, 'string', text);
  value.secret = secret;
  return value;
}

/** Result flags of §4's general rule: unknown/secret if any input contains one, deeply. */
function combine(inputs: Value[]): { unknown: boolean; secret: boolean } {
  return { unknown: inputs.some(containsUnknowns), secret: inputs.some(containsSecrets) };
}

function stringFunction(
  ev: EvaluationHost,
  node: ExprNode,
  arg: ExprNode,
  fn: (s: string) => string,
): Value {
  const [input, ok] = ev.evaluateTyped(arg, STRING);
  if (!ok) return unknownValue(node.origin, STRING);
  const { unknown, secret } = combine([input]);
  if (unknown) return stringResult(node, '', true, secret);
  try {
    const result = fn(input.data as string);
    ev.shared.budget.string(result.length);
    return stringResult(node, result, false, secret);
  } catch (error) {
    if (!(error instanceof BuiltinError)) throw error;
    ev.error(error.code, node.origin, error.message);
    return stringResult(node, '', true, secret);
  }
}

function evaluateJoin(ev: EvaluationHost, node: ExprNode, repr: PairRepr): Value {
  const [delimiter, delimiterOk] = ev.evaluateTyped(repr.first, STRING);
  const [values, valuesOk] = ev.evaluateTyped(repr.second, ARRAY_OF_STRINGS);
  if (!delimiterOk || !valuesOk) return unknownValue(node.origin, STRING);
  const { unknown, secret } = combine([delimiter, values]);
  if (unknown) return stringResult(node, '', true, secret);
  const parts = (values.data as Value[]).map((item) => item.data as string);
  const separator = delimiter.data as string;
  let length = Math.max(0, parts.length - 1) * separator.length;
  for (const part of parts) length += part.length;
  ev.shared.budget.string(length);
  return stringResult(node, parts.join(separator), false, secret);
}

function evaluateSplit(ev: EvaluationHost, node: ExprNode, repr: PairRepr): Value {
  const [delimiter, delimiterOk] = ev.evaluateTyped(repr.first, STRING);
  const [subject, subjectOk] = ev.evaluateTyped(repr.second, STRING);
  const schema = ARRAY_OF_STRINGS;
  if (!delimiterOk || !subjectOk) return unknownValue(node.origin, schema);
  const { unknown, secret } = combine([delimiter, subject]);
  if (unknown) {
    const value = unknownValue(node.origin, schema);
    value.secret = secret;
    return value;
  }
  const parts = goSplit(subject.data as string, delimiter.data as string);
  ev.shared.budget.collection(parts.length);
  ev.shared.budget.build(parts.length);
  const value = knownValue(
    node.origin,
    'array',
    parts.map((part) => knownValue(node.origin, 'string', part)),
  );
  value.secret = secret;
  return value;
}

/** Go strings.Split: an empty separator splits into code points; "" splits to [""] (or [] with ""). */
function goSplit(subject: string, delimiter: string): string[] {
  if (delimiter === '') return Array.from(subject);
  return subject.split(delimiter);
}

function evaluateConcat(ev: EvaluationHost, node: ExprNode, repr: Repr<'concat'>): Value {
  const schema: Schema = { type: 'array', items: true };
  const [arrays, ok] = ev.evaluateTyped(repr.arrays, ARRAY_OF_ARRAYS);
  if (!ok) return unknownValue(node.origin, schema);
  const { unknown, secret } = combine([arrays]);
  if (unknown) {
    const value = unknownValue(node.origin, schema);
    value.secret = secret;
    return value;
  }
  let length = 0;
  for (const array of arrays.data as Value[]) length += arrayItems(array)?.length ?? 0;
  ev.shared.budget.collection(length);
  const items: Value[] = [];
  for (const array of arrays.data as Value[]) items.push(...(arrayItems(array) ?? []));
  const value = knownValue(node.origin, 'array', items);
  value.secret = secret;
  return value;
}

function evaluateValidate(ev: EvaluationHost, node: ExprNode, repr: Repr<'validate'>): Value {
  const schemaValue = ev.evaluateExpr(repr.schema);
  const schema = schemaFromValue(schemaValue, (at: Value, summary: string) =>
    ev.error(
      summary.startsWith('invalid schema: ') ? 'INVALID_SCHEMA' : 'VALIDATION_FAILED',
      at.def,
      summary,
    ),
  );
  const value = ev.evaluateExpr(repr.value);
  if (schema !== undefined) {
    validateValue(value, schema, (at: Value, summary: string) =>
      ev.error('VALIDATION_FAILED', at.def, summary),
    );
  }
  const result = copyValue(value, ev.shared.budget);
  result.def = node.origin;
  return result;
}

function evaluateToJson(ev: EvaluationHost, node: ExprNode, arg: ExprNode): Value {
  const value = ev.evaluateExpr(arg);
  const { unknown, secret } = combine([value]);
  if (unknown) return stringResult(node, '', true, secret);
  ev.shared.budget.fits(ev.shared.budget.measure(value));
  const json = valueToGoJson(value);
  ev.shared.budget.string(json.length);
  return stringResult(node, json, false, secret);
}

/** Compact Go `json.Marshal` of a value's exported data: sorted keys, HTML-safe escapes. */
export function valueToGoJson(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return value.data ? 'true' : 'false';
    case 'number':
      return value.data as string;
    case 'string':
      return goJsonString(value.data as string);
    case 'array':
      return `[${(value.data as Value[]).map(valueToGoJson).join(',')}]`;
    case 'object': {
      const parts: string[] = [];
      for (const key of valueKeys(value)) {
        parts.push(`${goJsonString(key)}:${valueToGoJson(valueProperty(value, key)!)}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'unknown':
      return '"[unknown]"';
  }
}

function evaluateFromJson(ev: EvaluationHost, node: ExprNode, arg: ExprNode): Value {
  const [input, ok] = ev.evaluateTyped(arg, STRING);
  if (!ok) return unknownValue(node.origin);
  const { unknown, secret } = combine([input]);
  if (unknown) {
    const value = unknownValue(node.origin);
    value.secret = secret;
    return value;
  }
  const decoded = decodeJsonValue(input.data as string);
  if (!decoded.ok) {
    // The decoder's message quotes the input (`invalid character 'h' ...`): not a secret's.
    const reason = secret ? 'a secret is not valid JSON (details hidden)' : decoded.error;
    ev.error('DECODE_FAILED', node.origin, `decoding JSON string: ${reason}`);
    const value = unknownValue(node.origin);
    value.secret = secret;
    return value;
  }
  const value = valueFromJsonTree(decoded.value, node, ev.shared.budget);
  if (secret) makeDeeplySecret(value);
  return value;
}

function valueFromJsonTree(tree: JsonTree, node: ExprNode, budget: Budget): Value {
  budget.build();
  if (tree === null) return knownValue(node.origin, 'null', null);
  if (typeof tree === 'boolean') return knownValue(node.origin, 'boolean', tree);
  if (typeof tree === 'string') return knownValue(node.origin, 'string', tree);
  if (tree instanceof JsonNumber) return knownValue(node.origin, 'number', tree.text);
  if (Array.isArray(tree)) {
    budget.collection(tree.length);
    return knownValue(
      node.origin,
      'array',
      tree.map((item) => valueFromJsonTree(item, node, budget)),
    );
  }
  budget.collection(tree.size);
  const entries = new Map<string, Value>();
  for (const key of [...tree.keys()].sort(compareUtf8))
    entries.set(key, valueFromJsonTree(tree.get(key)!, node, budget));
  return knownValue(node.origin, 'object', entries);
}

function evaluateCiphertext(ev: EvaluationHost, node: ExprNode, ciphertext: string): Value {
  const value = unknownValue(node.origin, STRING);
  value.secret = true;
  const decoded = decodeCiphertext(ciphertext);
  if (!decoded.ok) {
    ev.error('INVALID_CIPHERTEXT', node.origin, `invalid ciphertext: ${decoded.reason}`);
    return value;
  }
  if (!ev.decryptSecrets()) return value;
  if (ev.decrypter === undefined) {
    ev.error('DECRYPT_FAILED', node.origin, 'decrypting: no decrypter is configured');
    return value;
  }
  const plaintext = ev.shared.resources.plaintext(ev.decrypter, decoded.payload, ciphertext);
  if (plaintext === undefined) return value; // being decrypted before the next pass
  if (!plaintext.ok) {
    ev.error('DECRYPT_FAILED', node.origin, `decrypting: ${plaintext.error}`);
    return value;
  }
  const known = knownValue(node.origin, 'string', plaintext.value);
  known.secret = true;
  return known;
}

/** Loads a provider's schemas; reports load and schema errors on the builtin. */
function providerSchemas<T extends { schema(): { inputs: Schema; outputs: Schema } }>(
  ev: EvaluationHost,
  node: ExprNode,
  loaded: { ok: true; value: T } | { ok: false; error: string } | undefined,
): { target?: T; inputs: Schema; outputs: Schema } {
  if (loaded === undefined) return { inputs: true, outputs: true };
  if (!loaded.ok) {
    ev.error('PROVIDER_LOAD_FAILED', node.origin, loaded.error);
    return { inputs: true, outputs: true };
  }
  const schemas = loaded.value.schema();
  let inputs: Schema = true;
  let outputs: Schema = true;
  const compiledInputs = compileSchema(schemas.inputs);
  if (!compiledInputs.ok) {
    ev.error(
      'INVALID_PROVIDER_SCHEMA',
      node.origin,
      `internal error: invalid input schema (${compiledInputs.error})`,
    );
  } else inputs = schemas.inputs;
  const compiledOutputs = compileSchema(schemas.outputs);
  if (!compiledOutputs.ok) {
    ev.error(
      'INVALID_PROVIDER_SCHEMA',
      node.origin,
      `internal error: invalid schema (${compiledOutputs.error})`,
    );
  } else outputs = schemas.outputs;
  return { target: loaded.value, inputs, outputs };
}

function callKey(ev: EvaluationHost, node: ExprNode, kind: string, plain: unknown): string {
  return `${kind}\u0000${ev.name}\u0000${node.origin.path}\u0000${node.origin.range.start.byte}\u0000${JSON.stringify(plain)}`;
}

function evaluateOpen(ev: EvaluationHost, node: ExprNode, repr: Repr<'open'>): Value {
  if (repr.provider === undefined) return unknownValue(node.origin);
  const loaded = ev.shared.resources.provider(repr.provider);
  const { target, inputs: inputSchema, outputs } = providerSchemas(ev, node, loaded);
  const [inputs, ok] = ev.evaluateTyped(repr.inputs, inputSchema);
  if (!ok || containsUnknowns(inputs) || ev.validating || target === undefined) {
    return unknownValue(node.origin, outputs);
  }
  const plain = valueToPlain(inputs) ?? null;
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    ev.error('PROVIDER_FAILED', node.origin, 'the inputs to fn::open must be an object');
    return unknownValue(node.origin, outputs);
  }
  const options = { markedInputs: valueToMarkedPlain(inputs) ?? null };
  const result = ev.shared.resources.call(callKey(ev, node, 'open', plain), () =>
    Promise.resolve(target.open(plain, ev.shared.context, options)),
  );
  if (result === undefined) return unknownValue(node.origin, outputs);
  if (!result.ok) {
    if (result.problems === undefined) ev.error('PROVIDER_FAILED', node.origin, result.error);
    else
      for (const problem of result.problems)
        ev.error(
          'PROVIDER_FAILED',
          inputOrigin(inputs, problem.path) ?? node.origin,
          problem.message,
        );
    return unknownValue(node.origin, outputs);
  }
  return valueFromPlain(result.value, node.origin, ev.shared.budget);
}

/** Where the input at `path` was written; undefined when the inputs have no such entry. */
function inputOrigin(inputs: Value, path: readonly (string | number)[]): Value['def'] | undefined {
  let at: Value | undefined = inputs;
  for (const key of path) {
    if (at === undefined) return undefined;
    at = typeof key === 'number' ? arrayItems(at)?.[key] : valueProperty(at, key);
  }
  return at?.def;
}

function evaluateRotate(ev: EvaluationHost, node: ExprNode, repr: Repr<'rotate'>): Value {
  if (repr.provider === undefined) return unknownValue(node.origin);
  const loaded = ev.shared.resources.rotator(repr.provider);
  const { target, inputs: inputSchema, outputs } = providerSchemas(ev, node, loaded);
  let stateSchema: Schema = true;
  if (target !== undefined) {
    const candidate: Schema = { oneOf: [target.schema().state, { type: 'null' }] };
    const compiled = compileSchema(candidate);
    if (!compiled.ok) {
      ev.error(
        'INVALID_PROVIDER_SCHEMA',
        node.origin,
        `internal error: invalid state schema (${compiled.error})`,
      );
    } else stateSchema = candidate;
  }
  skipRotateOnlyInputs(ev, repr.inputs, inputSchema);
  const [inputs, inputsOk] = ev.evaluateTyped(repr.inputs, inputSchema);
  const [state, stateOk] = ev.evaluateTyped(repr.state, stateSchema);
  const observableUnknown = hasObservableUnknowns(inputs, ev.rotating);
  if (
    !inputsOk ||
    observableUnknown ||
    !stateOk ||
    containsUnknowns(state) ||
    ev.validating ||
    target === undefined
  ) {
    return unknownValue(node.origin, outputs);
  }
  const plainInputs = (valueToPlain(inputs) ?? {}) as PlainValue;
  const plainState = state.kind === 'object' ? (valueToPlain(state) as PlainValue) : null;
  const docPath = node.ast?.path ?? '';
  const rotate =
    ev.rotating && (ev.shared.rotatePaths.size === 0 || ev.shared.rotatePaths.has(docPath));
  const context = ev.shared.context;
  const result = ev.shared.resources.call<RotationOutcome>(
    callKey(ev, node, rotate ? 'rotate' : 'open-rotator', [plainInputs, plainState]),
    async () => {
      const options = { markedInputs: valueToMarkedPlain(inputs) ?? null };
      if (!rotate) return { output: await target.open(plainInputs, plainState, context, options) };
      let newState: ProviderOutput;
      try {
        newState = await target.rotate(plainInputs, plainState, context);
      } catch (error) {
        throw new Error(`rotate: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      const reopened = valueToPlain(valueFromPlain(newState, node.origin));
      return {
        newState,
        output: await target.open(plainInputs, reopened ?? null, context, options),
      };
    },
  );
  if (result === undefined) return unknownValue(node.origin, outputs);
  if (!result.ok) {
    ev.error(
      result.error.startsWith('rotate: ') ? 'ROTATE_FAILED' : 'PROVIDER_FAILED',
      node.origin,
      result.error,
    );
    return unknownValue(node.origin, outputs);
  }
  if (result.value.newState !== undefined) {
    const name = (node.ast as { name?: string } | undefined)?.name ?? 'fn::rotate';
    ev.shared.patches.push({
      docPath: `${appendPathKey(docPath, name)}.state`,
      replacement: valueFromPlain(result.value.newState, node.origin, ev.shared.budget),
    });
  }
  return valueFromPlain(result.value.output, node.origin, ev.shared.budget);
}

/**
 * Rotate-only inputs (§6.4) are skipped outside rotation and in imported environments, but
 * evaluated when checking or rotating the root, so hidden references still surface.
 */
function skipRotateOnlyInputs(ev: EvaluationHost, inputs: ExprNode, schema: Schema): void {
  if (
    typeof schema !== 'object' ||
    schema.rotateOnly === undefined ||
    inputs.repr.kind !== 'object'
  )
    return;
  const evaluate = ev.isRoot && (ev.shared.mode === 'check' || ev.shared.mode === 'rotate');
  if (evaluate) return;
  for (const key of schema.rotateOnly) {
    const property = inputs.repr.properties.get(key);
    if (property === undefined || property.state !== ExprState.Declared) continue;
    const skipped = unknownValue(property.origin);
    skipped.rotateOnly = true;
    property.value = skipped;
    property.state = ExprState.Done;
  }
}

function hasObservableUnknowns(value: Value, rotating: boolean): boolean {
  if (value.unknown) return rotating || !value.rotateOnly;
  const items = arrayItems(value);
  if (items !== undefined) return items.some((item) => hasObservableUnknowns(item, rotating));
  if (value.kind === 'object') {
    return valueKeys(value).some((key) =>
      hasObservableUnknowns(valueProperty(value, key)!, rotating),
    );
  }
  return false;
}
