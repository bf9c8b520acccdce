import type { EnvironmentDecl } from '../ast/environment-decl.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  Decrypter,
  ProviderOutput,
  Provider,
  ProviderRegistry,
  Rotator,
  EnvironmentLoader,
} from './host-interfaces.js';
import { ProviderInputError, type ProviderInputProblem } from './provider-input-error.js';

export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: string;
      /** Set when a provider named the inputs at fault (ProviderInputError). */
      readonly problems?: readonly ProviderInputProblem[];
    };

export interface LoadedDecl {
  readonly environment: EnvironmentDecl | undefined;
  readonly decrypter: Decrypter;
  readonly diagnostics: readonly Diagnostic[];
}

export interface RotationOutcome {
  readonly newState?: ProviderOutput;
  readonly output: ProviderOutput;
}

type Parse = (
  name: string,
  source: string | Uint8Array,
) => {
  environment?: EnvironmentDecl | undefined;
  diagnostics: readonly Diagnostic[];
};

/**
 * Everything an evaluation waits for (imports, decryptions, providers, provider calls), fetched
 * concurrently between synchronous evaluation passes. A pass asks for what it needs; what is not
 * settled yet is queued, and the pass treats it as unknown. The final pass finds everything settled,
 * so results and diagnostics are those of a plain sequential evaluation.
 */
export class Resources {
  private readonly environments = new Map<string, Settled<LoadedDecl>>();
  private readonly plaintexts = new Map<Decrypter, Map<string, Settled<string>>>();
  private readonly providers = new Map<string, Settled<Provider>>();
  private readonly rotators = new Map<string, Settled<Rotator>>();
  private readonly calls = new Map<string, Settled<ProviderOutput | RotationOutcome>>();

  private queued = new Map<string, () => Promise<void>>();
  private queuedCalls = new Map<string, () => Promise<void>>();

  constructor(
    private readonly loader: EnvironmentLoader | undefined,
    private readonly registry: ProviderRegistry | undefined,
    private readonly parse: Parse,
  ) {}

  /**
   * Loads names and, level by level, everything they import, each level all at once, before
   * evaluation needs them: an import graph costs its depth in round trips, not its size.
   */
  async prefetchEnvironments(
    names: Iterable<string>,
    importsOf: (decl: EnvironmentDecl) => string[],
  ): Promise<void> {
    const seen = new Set<string>();
    let level = [...names];
    while (level.length > 0) {
      const fresh = [...new Set(level)].filter((name) => !seen.has(name));
      for (const name of fresh) seen.add(name);
      await Promise.all(fresh.map((name) => this.loadEnvironment(name)));
      level = fresh.flatMap((name) => {
        const loaded = this.environments.get(name);
        return loaded?.ok === true && loaded.value.environment !== undefined
          ? importsOf(loaded.value.environment)
          : [];
      });
    }
  }

  environment(name: string): Settled<LoadedDecl> | undefined {
    const found = this.environments.get(name);
    if (found === undefined) this.queue(`env:${name}`, () => this.loadEnvironment(name));
    return found;
  }

  plaintext(decrypter: Decrypter, payload: Uint8Array, key: string): Settled<string> | undefined {
    let byDecrypter = this.plaintexts.get(decrypter);
    if (byDecrypter === undefined) {
      byDecrypter = new Map();
      this.plaintexts.set(decrypter, byDecrypter);
    }
    const found = byDecrypter.get(key);
    if (found === undefined) {
      const target = byDecrypter;
      this.queue(`decrypt:${key}`, async () => {
        target.set(
          key,
          await settle(async () => new TextDecoder().decode(await decrypter.decrypt(payload))),
        );
      });
    }
    return found;
  }

  provider(name: string): Settled<Provider> | undefined {
    const found = this.providers.get(name);
    if (found === undefined) {
      this.queue(`provider:${name}`, async () => {
        this.providers.set(
          name,
          await settle(
            async () => this.requireRegistry().loadProvider(name),
            `unknown provider ${JSON.stringify(name)}`,
          ),
        );
      });
    }
    return found;
  }

  rotator(name: string): Settled<Rotator> | undefined {
    const found = this.rotators.get(name);
    if (found === undefined) {
      this.queue(`rotator:${name}`, async () => {
        this.rotators.set(
          name,
          await settle(
            async () => this.requireRegistry().loadRotator(name),
            `unknown rotator ${JSON.stringify(name)}`,
          ),
        );
      });
    }
    return found;
  }

  /** A provider call, made at most once per (site, inputs) and open. */
  call<T extends ProviderOutput | RotationOutcome>(
    key: string,
    invoke: () => Promise<T>,
  ): Settled<T> | undefined {
    const found = this.calls.get(key) as Settled<T> | undefined;
    if (found === undefined && !this.queuedCalls.has(key)) {
      this.queuedCalls.set(key, async () => {
        this.calls.set(key, await settle(invoke));
      });
    }
    return found;
  }

  /**
   * Runs what the last pass asked for. Provider calls wait until nothing else is outstanding, so
   * they only ever see final inputs. Returns false when nothing was outstanding.
   */
  async settleOutstanding(): Promise<boolean> {
    const queued = this.queued;
    const calls = this.queuedCalls;
    this.queued = new Map();
    this.queuedCalls = new Map();
    if (queued.size > 0) {
      await Promise.all([...queued.values()].map((run) => run()));
      return true;
    }
    if (calls.size > 0) {
      await Promise.all([...calls.values()].map((run) => run()));
      return true;
    }
    return false;
  }

  private queue(key: string, run: () => Promise<void>): void {
    if (!this.queued.has(key)) this.queued.set(key, run);
  }

  private async loadEnvironment(name: string): Promise<void> {
    if (this.environments.has(name)) return;
    const loader = this.loader;
    const settled = await settle(async () => {
      if (loader === undefined) throw new Error(`environment ${JSON.stringify(name)} not found`);
      const loaded = await loader.load(name);
      const parsed = loaded.parsed ?? this.parse(name, loaded.definition);
      return {
        environment: parsed.environment,
        decrypter: loaded.decrypter,
        diagnostics: parsed.diagnostics,
      };
    });
    this.environments.set(name, settled);
  }

  private requireRegistry(): ProviderRegistry {
    if (this.registry === undefined) throw new Error('no providers are configured');
    return this.registry;
  }
}

async function settle<T>(
  run: () => Promise<T> | T,
  fallbackMessage = 'unknown error',
): Promise<Settled<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const message =
      error instanceof Error ? error.message : typeof error === 'string' ? error : fallbackMessage;
    if (error instanceof ProviderInputError)
      return { ok: false, error: message, problems: error.problems };
    return { ok: false, error: message };
  }
}
