import { evaluateEnvironment, type EvaluationResult } from '../../src/eval/evaluate-environment.js';
import type {
  EnvironmentLoader,
  Provider,
  ProviderRegistry,
} from '../../src/eval/host-interfaces.js';
import { parseEnvironment } from '../../src/ast/parse-environment.js';
import type { EvaluationMode } from '../../src/eval/evaluate-environment.js';

/** A loader over in-memory definitions; optionally slow, and recording what it was asked for. */
export function memoryLoader(
  definitions: Record<string, string>,
  options: { delayMs?: number; log?: string[] } = {},
): EnvironmentLoader & { inFlight: number; maxInFlight: number } {
  const loader = {
    inFlight: 0,
    maxInFlight: 0,
    async load(name: string) {
      options.log?.push(name);
      loader.inFlight++;
      loader.maxInFlight = Math.max(loader.maxInFlight, loader.inFlight);
      try {
        if (options.delayMs !== undefined) await new Promise((r) => setTimeout(r, options.delayMs));
        const definition = definitions[name];
        if (definition === undefined)
          throw new Error(`environment ${JSON.stringify(name)} not found`);
        return { definition, decrypter: { decrypt: (b: Uint8Array) => Promise.resolve(b) } };
      } finally {
        loader.inFlight--;
      }
    },
  };
  return loader;
}

/** Providers: `echo` returns its inputs after `delayMs`, counting calls and concurrency. */
export function echoProviders(delayMs = 0): ProviderRegistry & {
  calls: unknown[];
  inFlight: number;
  maxInFlight: number;
} {
  const registry = {
    calls: [] as unknown[],
    inFlight: 0,
    maxInFlight: 0,
    loadProvider(name: string): Provider {
      if (name !== 'echo') throw new Error(`unknown provider ${JSON.stringify(name)}`);
      return {
        schema: () => ({ inputs: true, outputs: true }),
        open: async (inputs, _context, { markedInputs }) => {
          registry.calls.push(inputs);
          registry.inFlight++;
          registry.maxInFlight = Math.max(registry.maxInFlight, registry.inFlight);
          await new Promise((r) => setTimeout(r, delayMs));
          registry.inFlight--;
          return markedInputs;
        },
      };
    },
    loadRotator(name: string): never {
      throw new Error(`unknown rotator ${JSON.stringify(name)}`);
    },
  };
  return registry;
}

/** Parses and evaluates `source` as environment `name`. */
export async function evaluate(
  name: string,
  source: string,
  options: { mode?: EvaluationMode; loader?: EnvironmentLoader; providers?: ProviderRegistry } = {},
): Promise<EvaluationResult> {
  const parsed = parseEnvironment(name, source);
  if (parsed.environment === undefined) {
    return { value: undefined, diagnostics: parsed.diagnostics, patches: [] };
  }
  const result = await evaluateEnvironment({
    name,
    environment: parsed.environment,
    mode: options.mode ?? 'eval',
    loader: options.loader,
    providers: options.providers,
  });
  return { ...result, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
}
