import type { EnvironmentDecl, ParseResult } from '../ast/environment-decl.js';
import { parseEnvironment } from '../ast/parse-environment.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { InvalidDefinitionError } from '../errors.js';
import { evaluateEnvironment, type EvaluationMode } from '../eval/evaluate-environment.js';
import type { EvaluationLimits } from '../eval/evaluation-limits.js';
import type { ExecutionContext, ProviderRegistry } from '../eval/host-interfaces.js';
import type { EnvironmentKey } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import type { Value } from '../value/value.js';
import { createEnvironmentLoader, type RevisionReader } from './create-environment-loader.js';
import type { RecordedLoad } from './open-cache.js';
import { formatEnvironmentRef, type EnvironmentRef } from './parse-environment-ref.js';
import type { ResolvedRevision, ServiceContext } from './service-context.js';

/** What opening or checking an environment gives. */
export interface EvaluatedEnvironment {
  /** `org/project/name`: the root's name, and the file name of its diagnostics. */
  readonly name: string;
  /** The definition as evaluated (secrets as stored): what the root's diagnostics point into. */
  readonly definition: string;
  /** The root value; undefined for an empty environment or one that does not load. */
  readonly value: Value | undefined;
  /** Load diagnostics, then evaluation diagnostics (imports' included, under their names). */
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed definition (for hosts that export its expressions); undefined if it did not load. */
  readonly declaration?: EnvironmentDecl | undefined;
}

/** An environment opened at one revision. */
export interface OpenedEnvironment extends EvaluatedEnvironment {
  readonly resolved: ResolvedRevision;
}

/**
 * Opens whose definitions (the root's and every one it loaded) hold more characters than this are
 * not kept for reuse: with at most OpenCache's 256 entries, what is kept stays within tens of MiB.
 */
const MAX_REUSED_OPEN_CHARS = 256 * 1024;

/** How the service evaluates: the providers, the context they see, the bounds. */
export interface EvaluationSettings {
  /** Providers of `fn::open::<name>` and rotators; none if absent (a call is a diagnostic). */
  readonly providers?: ProviderRegistry | undefined;
  /**
   * The host values under `${context...}` for an open by `actor` (ESC's: the org and the user), by
   * default `{pulumi: {organization: {login: org}, user: {login: actor}}, rootEnvironment: {name}}`.
   */
  readonly context?:
    ((input: { env: EnvironmentKey; actor: string }) => ExecutionContext) | undefined;
  /** Evaluation bounds (DEFAULT_EVALUATION_LIMITS for what is not given). */
  readonly limits?: Partial<EvaluationLimits> | undefined;
}

interface EvaluateInput {
  /** The environment evaluated (imports are relative to it). */
  readonly env: EnvironmentKey;
  /** Evaluate as ESC's anonymous `<yaml>` environment of `env`'s org. */
  readonly anonymous?: boolean | undefined;
  readonly definition: string;
  readonly parsed?: ParseResult | undefined;
  readonly mode: EvaluationMode;
  readonly showSecrets?: boolean | undefined;
  readonly actor: string;
  /** Told of every environment loaded, the revision it resolved to and its text. */
  readonly onLoad?: ((ref: EnvironmentRef, resolved: RevisionId, text: string) => void) | undefined;
  /** Told when a provider or rotator is asked for (the result is then not reusable). */
  readonly onProvider?: (() => void) | undefined;
  /** Resolves the refs of loads; the service's `resolve` if absent. */
  readonly resolve?: ((ref: EnvironmentRef) => Promise<ResolvedRevision>) | undefined;
}

interface RevisionId {
  readonly uid: string;
  readonly revision: number;
}

/** Opening, checking, and the write rule: how a definition is evaluated, in one place. */
export class EnvironmentEvaluation {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: EvaluationSettings,
  ) {}

  /** Evaluates a definition as if stored under `env`, importing through the service. */
  async evaluate(input: EvaluateInput): Promise<EvaluatedEnvironment> {
    const name = input.anonymous === true ? '<yaml>' : formatEnvironmentKey(input.env);
    const { environment, diagnostics } = input.parsed ?? parseEnvironment(name, input.definition);
    if (environment === undefined) {
      return { name, definition: input.definition, value: undefined, diagnostics };
    }
    const declaration = environment;
    const context = this.settings.context ?? defaultContext;
    const result = await evaluateEnvironment({
      name,
      environment,
      mode: input.mode,
      decrypter: this.ctx.keyring.decrypter(input.env),
      // Checking reads imports; opening or showing secrets opens them.
      loader: createEnvironmentLoader(
        input.resolve === undefined ? this.ctx : { ...readerOf(this.ctx), resolve: input.resolve },
        input.env,
        input.mode === 'check' && input.showSecrets !== true ? 'read' : 'open',
        input.onLoad,
      ),
      providers: watchProviders(this.settings.providers, input.onProvider),
      context: context({ env: input.env, actor: input.actor }),
      showSecrets: input.showSecrets === true,
      limits: this.settings.limits,
    });
    return {
      name,
      definition: input.definition,
      value: result.value,
      diagnostics: [...diagnostics, ...result.diagnostics],
      declaration,
    };
  }

  /**
   * Opens (mode `eval`: providers are called) a revision and records an `open` audit event. An
   * earlier open of the same revision by the same actor is reused when it still holds (see
   * OpenCache). `alongside` stores something of the result (an open session) at the same time as
   * the audit event, so a store that commits writes in groups commits both at once; the open
   * fails if either write fails (undoing what `alongside` stored is the caller's).
   */
  async open(
    resolved: ResolvedRevision,
    actor: string,
    alongside?: (opened: OpenedEnvironment) => Promise<void>,
  ): Promise<OpenedEnvironment> {
    // Each pointer is read once per open: when a kept open no longer holds, evaluating again
    // takes the heads its check already read.
    const heads = new Map<string, Promise<ResolvedRevision>>();
    const resolve = (ref: EnvironmentRef): Promise<ResolvedRevision> => {
      const key = formatEnvironmentRef(ref);
      let head = heads.get(key);
      if (head === undefined) heads.set(key, (head = this.ctx.resolve(ref)));
      return head;
    };
    const opened =
      (await this.reusedOpen(resolved, actor, resolve)) ??
      (await this.freshOpen(resolved, actor, resolve));
    const result = { ...opened, resolved };
    await Promise.all([
      this.ctx.audit.record({
        action: 'open',
        env: resolved.env,
        actor,
        revision: resolved.revision,
      }),
      alongside?.(result),
    ]);
    return result;
  }

  /** Evaluates the revision, and keeps the result when it may be reused. */
  private async freshOpen(
    resolved: ResolvedRevision,
    actor: string,
    resolve: (ref: EnvironmentRef) => Promise<ResolvedRevision>,
  ): Promise<EvaluatedEnvironment> {
    const name = formatEnvironmentKey(resolved.env);
    const read = await this.ctx.revisionParsed(resolved, name);
    const loads: RecordedLoad[] = [];
    let reusable = true;
    let chars = read.text.length;
    const opened = await this.evaluate({
      env: resolved.env,
      definition: read.text,
      parsed: read.parsed,
      mode: 'eval',
      actor,
      onLoad: (ref, { uid, revision }, text) => {
        loads.push({ ref, uid, revision });
        chars += text.length;
      },
      onProvider: () => (reusable = false),
      resolve,
    });
    // A failed load, a limit crossed, a refused import: all are errors, and never kept.
    if (
      reusable &&
      chars <= MAX_REUSED_OPEN_CHARS &&
      !opened.diagnostics.some((d) => d.severity === 'error')
    )
      this.ctx.opens.set(resolved, actor, { loads, result: opened });
    return opened;
  }

  /**
   * The kept open of this revision by this actor, if every environment it loaded may still be
   * opened by this caller and still resolves to the same revision.
   */
  private async reusedOpen(
    resolved: ResolvedRevision,
    actor: string,
    resolve: (ref: EnvironmentRef) => Promise<ResolvedRevision>,
  ): Promise<EvaluatedEnvironment | undefined> {
    const kept = this.ctx.opens.get(resolved, actor);
    if (kept === undefined) return undefined;
    const stillHolds = async ({ ref, uid, revision }: RecordedLoad): Promise<boolean> => {
      try {
        if (this.ctx.imports !== undefined) await this.ctx.imports(ref.env, 'open');
        const now = await resolve(ref);
        return now.uid === uid && now.revision === revision;
      } catch {
        // Refused, gone or retracted: evaluating again says so, as it would have.
        return false;
      }
    };
    const checks = await Promise.all(kept.loads.map(stillHolds));
    if (checks.every(Boolean)) return kept.result;
    this.ctx.opens.delete(resolved, actor);
    return undefined;
  }

  /**
   * The write rule: a definition with errors is never stored. Returns its diagnostics (warnings)
   * when it may be stored; throws InvalidDefinitionError with all of them otherwise.
   */
  async requireValid(
    env: EnvironmentKey,
    definition: string,
    actor: string,
    refused: string,
  ): Promise<readonly Diagnostic[]> {
    const checked = await this.evaluate({ env, definition, mode: 'check', actor });
    if (checked.diagnostics.some((d) => d.severity === 'error')) {
      throw new InvalidDefinitionError(checked.name, definition, checked.diagnostics, refused);
    }
    return checked.diagnostics;
  }
}

/** The context's parts a loader uses, as a plain object (to replace one of them). */
function readerOf(ctx: ServiceContext): RevisionReader {
  return {
    resolve: (ref) => ctx.resolve(ref),
    revisionParsed: (resolved, name) => ctx.revisionParsed(resolved, name),
    keyring: ctx.keyring,
    imports: ctx.imports,
  };
}

/** `providers`, telling `onProvider` whenever one is asked for. */
function watchProviders(
  providers: ProviderRegistry | undefined,
  onProvider: (() => void) | undefined,
): ProviderRegistry | undefined {
  if (providers === undefined || onProvider === undefined) return providers;
  return {
    loadProvider: (name) => {
      onProvider();
      return providers.loadProvider(name);
    },
    loadRotator: (name) => {
      onProvider();
      return providers.loadRotator(name);
    },
  };
}

/**
 * ESC's execution context: who is opening, in which organization, which environment. Providers
 * get it as given here (aws-login builds its token subject from the org and the root's name);
 * `${context...}` sees the evaluator's own `currentEnvironment` and `rootEnvironment` instead.
 */
function defaultContext(input: { env: EnvironmentKey; actor: string }): ExecutionContext {
  return {
    pulumi: { organization: { login: input.env.org }, user: { login: input.actor } },
    rootEnvironment: { name: formatEnvironmentKey(input.env) },
  };
}
