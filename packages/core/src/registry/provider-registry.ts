import type { Provider, ProviderRegistry, Rotator } from '../eval/host-interfaces.js';

/** Builds a provider (or rotator) when it is first used: its heavy modules load only then. */
export type Loader<T> = () => T | Promise<T>;

/**
 * The providers behind `fn::open::<name>` and the rotators behind `fn::rotate::<name>`, filled by
 * the host: each provider package registers its own (`@strata/providers-aws` registers
 * `aws-login`), and a third-party package can register more. Each is built once, on first use.
 * A name nobody registered is a diagnostic at the call (`unknown provider "x"`), as in ESC.
 */
export class ProviderCatalog implements ProviderRegistry {
  private readonly providers = new Map<string, Loader<Provider>>();
  private readonly rotators = new Map<string, Loader<Rotator>>();
  private readonly built = new Map<string, Promise<Provider | Rotator>>();

  /** Registers `fn::open::<name>`; a second registration of a name replaces the first. */
  registerProvider(name: string, load: Loader<Provider>): this {
    this.providers.set(name, load);
    this.built.delete(`provider:${name}`);
    return this;
  }

  /** Registers `fn::rotate::<name>`. */
  registerRotator(name: string, load: Loader<Rotator>): this {
    this.rotators.set(name, load);
    this.built.delete(`rotator:${name}`);
    return this;
  }

  /** The registered provider names, sorted. */
  providerNames(): string[] {
    return [...this.providers.keys()].sort();
  }

  loadProvider(name: string): Promise<Provider> {
    return this.build('provider', name, this.providers.get(name)) as Promise<Provider>;
  }

  loadRotator(name: string): Promise<Rotator> {
    return this.build('rotator', name, this.rotators.get(name)) as Promise<Rotator>;
  }

  private build(
    kind: 'provider' | 'rotator',
    name: string,
    load: Loader<Provider | Rotator> | undefined,
  ): Promise<Provider | Rotator> {
    if (load === undefined)
      return Promise.reject(new Error(`unknown ${kind} ${JSON.stringify(name)}`));
    const key = `${kind}:${name}`;
    let built = this.built.get(key);
    if (built === undefined) {
      built = Promise.resolve().then(load);
      // A failed build is not kept: the next open tries again (a missing file may appear).
      built.catch(() => this.built.delete(key));
      this.built.set(key, built);
    }
    return built;
  }
}

/** An empty provider registry for a host to fill. */
export function createProviderRegistry(): ProviderCatalog {
  return new ProviderCatalog();
}
