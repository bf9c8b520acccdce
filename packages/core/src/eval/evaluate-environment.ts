import type { EnvironmentDecl } from '../ast/environment-decl.js';
import { parseEnvironment } from '../ast/parse-environment.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/create-diagnostic.js';
import { collectImportNames } from '../imports/collect-import-names.js';
import { EnvironmentEvaluator } from './_environment-evaluator.js';
import type { EvaluationMode, EvaluationShared, RotationPatch } from './_evaluation-host.js';
import { Resources } from './_resources.js';
import type {
  Decrypter,
  EnvironmentLoader,
  ExecutionContext,
  ProviderRegistry,
} from './host-interfaces.js';
import type { Value } from '../value/value.js';
import { Budget } from './_budget.js';
import { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits } from './evaluation-limits.js';

export type { EvaluationMode, RotationPatch };

export interface EvaluateOptions {
  /** The environment's name: diagnostics' file name and `context.currentEnvironment.name`. */
  readonly name: string;
  /** The parsed definition (see parseEnvironment). */
  readonly environment: EnvironmentDecl;
  /** check: symbolic, providers not called; eval: open; rotate: call rotators, then open. */
  readonly mode: EvaluationMode;
  readonly decrypter?: Decrypter | undefined;
  readonly loader?: EnvironmentLoader | undefined;
  readonly providers?: ProviderRegistry | undefined;
  /** Host values under `${context...}`. */
  readonly context?: ExecutionContext | undefined;
  /** In check mode, decrypt ciphertext secrets too. */
  readonly showSecrets?: boolean | undefined;
  /** Rotate mode: property paths under `values` whose rotators run; empty means all. */
  readonly rotatePaths?: readonly string[] | undefined;
  /** Bounds on what the evaluation may build; DEFAULT_EVALUATION_LIMITS for what is not given. */
  readonly limits?: Partial<EvaluationLimits> | undefined;
}

export interface EvaluationResult {
  /** The root value; undefined for an empty environment. */
  readonly value: Value | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Rotate mode: the new rotation states to write back into the definition. */
  readonly patches: readonly RotationPatch[];
}

/**
 * Evaluates an environment. Never throws on bad input: problems come back as diagnostics.
 *
 * Imports are fetched level by level with every name of a level at once, decryptions and
 * independent provider calls run concurrently, and a final synchronous pass over settled data
 * produces the result, so values and diagnostics are the same as a sequential evaluation's.
 */
export async function evaluateEnvironment(options: EvaluateOptions): Promise<EvaluationResult> {
  try {
    return await evaluatePasses(options);
  } catch (error) {
    // Input too deeply nested for the stack is bad input, not a crash: report it.
    if (!(error instanceof RangeError)) throw error;
    const summary = `environment ${options.name} is nested too deeply to evaluate`;
    return {
      value: undefined,
      diagnostics: [createDiagnostic('INTERNAL', summary, '')],
      patches: [],
    };
  }
}

async function evaluatePasses(options: EvaluateOptions): Promise<EvaluationResult> {
  const { environment, name } = options;
  if (environment.empty) return { value: undefined, diagnostics: [], patches: [] };
  // A loader that caches immutable revisions hands them over parsed (LoadedEnvironment.parsed).
  const resources = new Resources(options.loader, options.providers, parseEnvironment);
  await resources.prefetchEnvironments(collectImportNames(environment), collectImportNames);
  const limits = { ...DEFAULT_EVALUATION_LIMITS, ...options.limits };
  const rotatePaths = new Set((options.rotatePaths ?? []).map((path) => `values.${path}`));
  const loader = options.loader;
  const identify =
    loader?.identify === undefined ? (n: string) => n : (n: string) => loader.identify!(n);
  for (;;) {
    const shared: EvaluationShared = {
      mode: options.mode,
      showSecrets: options.showSecrets ?? false,
      resources,
      context: options.context ?? {},
      rootName: name,
      identify,
      imports: new Map(),
      rotatePaths,
      patches: [],
      budget: new Budget(limits),
      budgetReported: false,
    };
    const evaluator = new EnvironmentEvaluator(shared, name, environment, options.decrypter, true);
    const value = evaluator.evaluate();
    if (!(await resources.settleOutstanding())) {
      const patches = [...shared.patches].sort((a, b) =>
        a.docPath < b.docPath ? -1 : a.docPath > b.docPath ? 1 : 0,
      );
      return { value, diagnostics: evaluator.diagnostics, patches };
    }
  }
}
