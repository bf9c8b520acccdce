import type { EnvironmentDecl, ImportDecl } from '../ast/environment-decl.js';
import type { Expr, ObjectExpr } from '../ast/expr.js';
import type { PropertyAccessor } from '../ast/property-access.js';
import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/diagnostic-codes.js';
import { appendPathIndex, appendPathKey } from '../internal/_path.js';
import { compareUtf8 } from '../internal/_compare-utf8.js';
import { goQuote } from '../internal/_go-quote.js';
import { nearestKey } from '../internal/_levenshtein.js';
import type { Schema } from '../schema/schema.js';
import { validateValue } from '../value/validate-value.js';
import { schemaIndex, schemaProperty } from '../schema/access-schema.js';
import { ExprNode, ExprState, type ExprRepr } from './_expr-node.js';
import { LimitExceeded } from './_budget.js';
import { evaluateBuiltin } from './_evaluate-builtin.js';
import type { EvaluationHost, EvaluationShared } from './_evaluation-host.js';
import type { Decrypter, ExecutionContext } from './host-interfaces.js';
import { toInternalString } from '../value/value-to-string.js';
import {
  baseProperty,
  copyValue,
  compactValue,
  isObjectLike,
  layerValue,
  knownValue,
  mergeValue,
  unknownValue,
  valueFromPlain,
} from '../value/value-ops.js';
import type { Value, ValueOrigin } from '../value/value.js';

const RESERVED_TOP_LEVEL_KEYS = new Set(['imports', 'context', 'environments']);
const ZERO = { line: 0, column: 0, byte: 0 };

export function syntheticOrigin(filename: string): ValueOrigin {
  return { range: { filename, start: ZERO, end: ZERO }, path: '' };
}

function nullLiteralAt(expr: Expr): Expr {
  return { kind: 'null', range: expr.range, path: expr.path };
}

function originOf(expr: Expr): ValueOrigin {
  return { range: expr.range, path: expr.path };
}

/**
 * Evaluates one environment synchronously (language-spec §2–§6, §9, §10). Anything not yet
 * fetched is asked of the shared Resources and treated as unknown for this pass.
 */
export class EnvironmentEvaluator implements EvaluationHost {
  readonly diagnostics: Diagnostic[] = [];
  private base: Value | undefined;
  private root!: ExprNode;
  private myImports!: Value;
  private myContext!: Value;

  constructor(
    readonly shared: EvaluationShared,
    readonly name: string,
    readonly environment: EnvironmentDecl,
    readonly decrypter: Decrypter | undefined,
    /** True for the root environment; imported environments are never rotated. */
    readonly isRoot: boolean,
  ) {}

  get validating(): boolean {
    return this.shared.mode === 'check';
  }

  get rotating(): boolean {
    return this.shared.mode === 'rotate' && this.isRoot;
  }

  decryptSecrets(): boolean {
    return !this.validating || this.shared.showSecrets;
  }

  error(
    code: DiagnosticCode,
    at: { range: SourceRange; path: string } | undefined,
    summary: string,
  ): void {
    this.diagnostics.push(createDiagnostic(code, summary, at?.path ?? '', at?.range));
  }

  evaluate(): Value {
    // Registered before anything else and evaluating until its values are done, so that an import
    // or an inline `${environments...}` reference back into it is a cycle (§2.2, §3.5).
    const mine = { evaluating: true, value: undefined as Value | undefined };
    this.shared.imports.set(this.shared.identify(this.name), mine);
    try {
      mine.value = this.evaluateValues();
      return mine.value;
    } finally {
      mine.evaluating = false;
    }
  }

  private evaluateValues(): Value {
    this.evaluateContext();
    this.evaluateImports();
    const properties = new Map<string, ExprNode>();
    const values = this.environment.values;
    const rootOrigin = values !== undefined ? originOf(values) : syntheticOrigin(this.name);
    this.root = new ExprNode(
      undefined,
      `<${this.name}>`,
      { kind: 'object', properties },
      this.base,
      rootOrigin,
    );
    for (const entry of values?.entries ?? []) {
      const at = { range: entry.keyRange, path: entry.keyPath };
      if (RESERVED_TOP_LEVEL_KEYS.has(entry.key)) {
        this.error('RESERVED_KEY', at, `${goQuote(entry.key)} is a reserved key`);
      } else if (properties.has(entry.key)) {
        this.error('DUPLICATE_KEY', at, `duplicate key ${goQuote(entry.key)}`);
      } else {
        properties.set(
          entry.key,
          this.declare(entry.key, entry.value, baseProperty(this.base, entry.key)),
        );
      }
    }
    return this.evaluateExpr(this.root);
  }

  // ---- declaration -------------------------------------------------------------------------

  declare(path: string, expr: Expr | undefined, base: Value | undefined): ExprNode {
    if (expr === undefined) {
      return new ExprNode(undefined, path, { kind: 'missing' }, base, syntheticOrigin(this.name));
    }
    return new ExprNode(expr, path, this.reprOf(path, expr, base), base, originOf(expr));
  }

  private reprOf(path: string, expr: Expr, base: Value | undefined): ExprRepr {
    switch (expr.kind) {
      case 'null':
      case 'boolean':
      case 'number':
      case 'string':
        return { kind: 'literal' };
      case 'interpolate':
        return { kind: 'interpolate' };
      case 'symbol':
        return { kind: 'symbol', access: expr.access };
      case 'array':
        return {
          kind: 'array',
          elements: expr.elements.map((element, i) =>
            this.declare(appendPathIndex(path, i), element, undefined),
          ),
        };
      case 'object':
        return this.objectRepr(path, expr, base);
      case 'builtin':
        switch (expr.builtin) {
          case 'open':
            return {
              kind: 'open',
              provider: expr.provider,
              inputs: this.declare('', expr.inputs, undefined),
            };
          case 'rotate':
            return {
              kind: 'rotate',
              provider: expr.valid ? expr.provider : undefined,
              inputs: this.declare('', expr.inputs, undefined),
              // An absent state is null (§4.10).
              state: this.declare('', expr.state ?? nullLiteralAt(expr), undefined),
            };
          case 'secret': {
            if ('ciphertext' in expr) return { kind: 'ciphertext', ciphertext: expr.ciphertext };
            const plaintext = new ExprNode(
              { kind: 'string', value: expr.plaintext, range: expr.range, path: expr.path },
              '',
              { kind: 'literal' },
              undefined,
              originOf(expr),
            );
            plaintext.secret = true;
            return { kind: 'plaintext', plaintext };
          }
          case 'join':
          case 'split':
            if (expr.args === undefined) return { kind: 'missing' };
            return {
              kind: expr.builtin,
              first: this.declare('', expr.args[0], undefined),
              second: this.declare('', expr.args[1], undefined),
            };
          case 'concat': {
            if (expr.arrays === undefined) {
              // Not a list literal: a load error, but ESC still types the argument.
              return { kind: 'concat', arrays: this.declare('', expr.argument, undefined) };
            }
            const elements = expr.arrays.map((element, i) =>
              this.declare(appendPathIndex('', i), element, undefined),
            );
            const arrays = new ExprNode(
              undefined,
              '',
              { kind: 'array', elements },
              undefined,
              originOf(expr),
            );
            return { kind: 'concat', arrays };
          }
          case 'validate':
            if (expr.schema === undefined || expr.value === undefined) return { kind: 'missing' };
            return {
              kind: 'validate',
              schema: this.declare('', expr.schema, undefined),
              value: this.declare('', expr.value, undefined),
            };
          default:
            return { kind: expr.builtin, arg: this.declare('', expr.arg, undefined) };
        }
    }
  }

  private objectRepr(path: string, expr: ObjectExpr, base: Value | undefined): ExprRepr {
    const properties = new Map<string, ExprNode>();
    for (const entry of expr.entries) {
      if (properties.has(entry.key)) {
        this.error(
          'DUPLICATE_KEY',
          { range: entry.keyRange, path: entry.keyPath },
          `duplicate key ${goQuote(entry.key)}`,
        );
      } else {
        properties.set(
          entry.key,
          this.declare(appendPathKey(path, entry.key), entry.value, baseProperty(base, entry.key)),
        );
      }
    }
    return { kind: 'object', properties, ast: expr };
  }

  // ---- context and imports -----------------------------------------------------------------

  private evaluateContext(): void {
    const rootName = this.shared.rootName;
    const anonymous = rootName === '' || rootName === '<yaml>';
    const context: Record<string, unknown> = {
      ...this.shared.context,
      currentEnvironment: { name: this.name },
      rootEnvironment: { name: anonymous ? this.name : rootName },
    };
    this.myContext = valueFromPlain(context as ExecutionContext, syntheticOrigin(this.name));
  }

  private evaluateImports(): void {
    const myImports = new Map<string, Value>();
    for (const decl of this.environment.imports) this.evaluateImport(myImports, decl);
    this.myImports = knownValue(syntheticOrigin(this.name), 'object', myImports);
  }

  /** Imports one environment (§2.2); returns its root value, or undefined when it failed. */
  importEnvironment(name: string, at: { range: SourceRange; path: string }): Value | undefined {
    const known = this.shared.imports.get(this.shared.identify(name));
    if (known !== undefined) {
      if (known.evaluating) {
        this.error('IMPORT_CYCLE', at, `cyclic import of ${name}`);
        return undefined;
      }
      return known.value;
    }
    const loaded = this.shared.resources.environment(name);
    if (loaded === undefined) return undefined; // pending: fetched before the next pass
    if (!loaded.ok) {
      this.error('IMPORT_LOAD_FAILED', at, loaded.error);
      return undefined;
    }
    const { environment, decrypter, diagnostics } = loaded.value;
    this.diagnostics.push(...diagnostics);
    if (environment === undefined || diagnostics.some((d) => d.severity === 'error'))
      return undefined;
    const imported = new EnvironmentEvaluator(this.shared, name, environment, decrypter, false);
    const value = imported.evaluate();
    this.diagnostics.push(...imported.diagnostics);
    return value;
  }

  private evaluateImport(myImports: Map<string, Value>, decl: ImportDecl): void {
    const value = this.importEnvironment(decl.name, decl);
    if (value === undefined) return;
    myImports.set(decl.name, value);
    if (!decl.merge) return;
    try {
      this.mergeImport(decl, value);
    } catch (error) {
      this.limitError(error, decl);
    }
  }

  private mergeImport(decl: ImportDecl, value: Value): void {
    // One compacted view per environment and pass, shared by every importer: layering copies
    // only what the merge changes.
    const entry = this.shared.imports.get(this.shared.identify(decl.name));
    let compacted = entry?.compacted;
    if (compacted === undefined) {
      compacted = compactValue(value, this.shared.budget);
      if (entry !== undefined) entry.compacted = compacted;
    }
    this.base = layerValue(compacted, this.base, this.shared.budget);
  }

  // ---- expressions ---------------------------------------------------------------------------

  evaluateExpr(node: ExprNode): Value {
    switch (node.state) {
      case ExprState.Done:
        return node.value!;
      case ExprState.Evaluating:
        this.error('CYCLIC_REFERENCE', node.origin, `cyclic reference to ${node.path}`);
        return unknownValue(node.origin);
      default:
        node.state = ExprState.Evaluating;
    }
    let value: Value;
    if (node.base?.final === true && node.ast !== undefined) {
      this.error('FINAL_OVERRIDE', node.origin, 'cannot override final value');
      value = node.base;
    } else {
      try {
        this.shared.budget.build();
        value = this.computeExpr(node);
      } catch (error) {
        this.limitError(error, node.origin);
        value = unknownValue(node.origin);
      }
      if (node.secret) value.secret = true;
      mergeValue(value, node.base);
    }
    node.value = value;
    node.state = ExprState.Done;
    return value;
  }

  /** Reports a crossed evaluation limit (once, for a spent budget); rethrows anything else. */
  private limitError(error: unknown, at: { range: SourceRange; path: string }): void {
    if (!(error instanceof LimitExceeded)) throw error;
    if (error.spent) {
      if (this.shared.budgetReported) return;
      this.shared.budgetReported = true;
    }
    this.error('EVALUATION_LIMIT', at, error.message);
  }

  private computeExpr(node: ExprNode): Value {
    const repr = node.repr;
    switch (repr.kind) {
      case 'missing':
        return unknownValue(node.origin);
      case 'literal': {
        const ast = node.ast!;
        switch (ast.kind) {
          case 'null':
            return knownValue(node.origin, 'null', null);
          case 'boolean':
            return knownValue(node.origin, 'boolean', ast.value);
          case 'number':
            return knownValue(node.origin, 'number', ast.value);
          default:
            return knownValue(node.origin, 'string', (ast as { value: string }).value);
        }
      }
      case 'interpolate':
        return this.evaluateInterpolate(node);
      case 'symbol': {
        const value = copyValue(
          this.evaluateAccess(node, repr.access.accessors),
          this.shared.budget,
        );
        value.def = node.origin;
        return value;
      }
      case 'array':
        return knownValue(
          node.origin,
          'array',
          repr.elements.map((element) => this.evaluateExpr(element)),
        );
      case 'object': {
        const keys = [...repr.properties.keys()].sort(compareUtf8);
        const entries = new Map<string, Value>();
        for (const key of keys) entries.set(key, this.evaluateExpr(repr.properties.get(key)!));
        return knownValue(node.origin, 'object', entries);
      }
      default:
        return evaluateBuiltin(this, node);
    }
  }

  /** Evaluates an expression and validates it against `accept`; false when typing failed. */
  evaluateTyped(node: ExprNode, accept: Schema): [Value, boolean] {
    const value = this.evaluateExpr(node);
    const ok = validateValue(value, accept, (at: Value, summary: string) => {
      this.error('VALIDATION_FAILED', at.def, summary);
    });
    return [value, ok];
  }

  private evaluateInterpolate(node: ExprNode): Value {
    const ast = node.ast as Extract<Expr, { kind: 'interpolate' }>;
    let text = '';
    let unknown = false;
    let secret = false;
    const budget = this.shared.budget;
    for (const part of ast.parts) {
      text += part.text;
      if (part.access === undefined) continue;
      const resolved = this.evaluateAccess(node, part.access.accessors);
      budget.fits(text.length + budget.measure(resolved));
      const converted = toInternalString(resolved);
      unknown ||= converted.unknown;
      secret ||= converted.secret;
      if (!converted.unknown) text += converted.text;
    }
    budget.string(text.length);
    const value = unknown
      ? unknownValue(node.origin, { type: 'string' })
      : knownValue(node.origin, 'string', text);
    value.secret = secret;
    return value;
  }

  // ---- property access (§3.3) ------------------------------------------------------------------

  private accessorError(node: ExprNode, accessor: PropertyAccessor, summary: string): void {
    const code = summary.startsWith('unknown property') ? 'UNKNOWN_PROPERTY' : 'INVALID_ACCESS';
    this.error(code, { range: accessor.range, path: node.origin.path }, summary);
  }

  private invalidAccess(node: ExprNode): Value {
    return unknownValue(node.origin);
  }

  private objectKey(node: ExprNode, accessor: PropertyAccessor, must: boolean): string | undefined {
    if (accessor.kind !== 'index') return accessor.key;
    if (must)
      this.accessorError(node, accessor, 'cannot access an object property using an integer index');
    return undefined;
  }

  private arrayIndex(
    node: ExprNode,
    accessor: PropertyAccessor,
    length: number,
  ): number | undefined {
    if (accessor.kind !== 'index') {
      this.accessorError(node, accessor, 'cannot access an array element using a property name');
      return undefined;
    }
    if (accessor.index < 0) {
      this.accessorError(node, accessor, 'array indices must not be negative');
      return undefined;
    }
    if (length >= 0 && accessor.index >= length) {
      this.accessorError(
        node,
        accessor,
        `array index ${accessor.index} out-of-bounds for array of length ${length}`,
      );
      return undefined;
    }
    return accessor.index;
  }

  evaluateAccess(node: ExprNode, accessors: readonly PropertyAccessor[]): Value {
    const first = accessors[0];
    if (first === undefined) return this.invalidAccess(node);
    const rootKey = this.objectKey(node, first, false);
    if (rootKey === 'imports')
      return this.evaluateValueAccess(node, this.myImports, accessors.slice(1));
    if (rootKey === 'context')
      return this.evaluateValueAccess(node, this.myContext, accessors.slice(1));
    if (rootKey === 'environments') return this.evaluateEnvironmentReference(node, accessors);

    let receiver: ExprNode | undefined = this.root;
    let i = 0;
    while (i < accessors.length) {
      const accessor = accessors[i]!;
      if (receiver === undefined) {
        this.error('INTERNAL', node.origin, 'internal error: no receiver');
        return this.invalidAccess(node);
      }
      const repr: ExprRepr = receiver.repr;
      if (repr.kind === 'array') {
        const index = this.arrayIndex(node, accessor, repr.elements.length);
        if (index === undefined) return this.invalidAccess(node);
        receiver = repr.elements[index];
      } else if (repr.kind === 'object') {
        const key = this.objectKey(node, accessor, true);
        if (key === undefined) return this.invalidAccess(node);
        const property = repr.properties.get(key);
        if (property === undefined) {
          if (isObjectLike(receiver.base))
            return this.evaluateValueAccess(node, receiver.base!, accessors.slice(i));
          this.unknownPropertyError(node, accessor, key, repr.properties.keys());
          return this.invalidAccess(node);
        }
        receiver = property;
      } else if (repr.kind === 'plaintext') {
        receiver = repr.plaintext;
        continue; // secrets are transparent to accessors
      } else if (repr.kind === 'ciphertext') {
        receiver = undefined;
        continue;
      } else {
        return this.evaluateValueAccess(node, this.evaluateExpr(receiver), accessors.slice(i));
      }
      i++;
    }
    if (receiver === undefined) {
      this.error('INTERNAL', node.origin, 'internal error: no receiver');
      return this.invalidAccess(node);
    }
    return this.evaluateExpr(receiver);
  }

  private unknownPropertyError(
    node: ExprNode,
    accessor: PropertyAccessor,
    key: string,
    candidates: Iterable<string>,
  ): void {
    const nearest = nearestKey(key, candidates);
    const suffix = nearest === undefined ? '' : `; did you mean ${goQuote(nearest)}?`;
    this.accessorError(node, accessor, `unknown property ${goQuote(key)}${suffix}`);
  }

  private evaluateValueAccess(
    node: ExprNode,
    start: Value,
    accessors: readonly PropertyAccessor[],
  ): Value {
    let receiver = start;
    for (let i = 0; i < accessors.length; i++) {
      const accessor = accessors[i]!;
      if (receiver.unknown)
        return this.evaluateUnknownAccess(node, receiver.schema, accessors.slice(i));
      if (receiver.kind === 'array') {
        const items = receiver.data as Value[];
        const index = this.arrayIndex(node, accessor, items.length);
        if (index === undefined) return this.invalidAccess(node);
        receiver = items[index]!;
      } else if (receiver.kind === 'object') {
        const key = this.objectKey(node, accessor, true);
        if (key === undefined) return this.invalidAccess(node);
        const entries = receiver.data as Map<string, Value>;
        const property = entries.get(key);
        if (property === undefined) {
          if (isObjectLike(receiver.base))
            return this.evaluateValueAccess(node, receiver.base!, accessors.slice(i));
          this.unknownPropertyError(node, accessor, key, receiver.suggestedKeys ?? entries.keys());
          return this.invalidAccess(node);
        }
        receiver = property;
      } else {
        this.accessorError(node, accessor, 'receiver must be an array or an object');
        return this.invalidAccess(node);
      }
    }
    return receiver;
  }

  private evaluateUnknownAccess(
    node: ExprNode,
    start: Schema,
    accessors: readonly PropertyAccessor[],
  ): Value {
    let schema = start;
    for (const accessor of accessors) {
      const step =
        accessor.kind === 'index'
          ? schemaIndex(schema, accessor.index)
          : schemaProperty(schema, accessor.key);
      if (!step.ok) {
        this.accessorError(node, accessor, step.error);
        return this.invalidAccess(node);
      }
      schema = step.schema;
    }
    return unknownValue(node.origin, schema);
  }

  /** `${environments.<project>.<env>...}` (§3.5). */
  private evaluateEnvironmentReference(
    node: ExprNode,
    accessors: readonly PropertyAccessor[],
  ): Value {
    if (accessors.length < 3) return this.invalidAccess(node);
    const project = this.objectKey(node, accessors[1]!, true);
    const env = this.objectKey(node, accessors[2]!, true);
    if (project === undefined || env === undefined) return this.invalidAccess(node);
    const imported = this.importEnvironment(`${project}/${env}`, node.origin);
    if (imported === undefined) return this.invalidAccess(node);
    return this.evaluateValueAccess(node, imported, accessors.slice(3));
  }
}
