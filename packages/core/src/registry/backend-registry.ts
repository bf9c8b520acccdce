import { InvalidArgumentError } from '../errors.js';
import type { Store } from '../store/store.js';

/** Where a store keeps its data, parsed from a backend URL by the backend of its scheme. */
export interface BackendLocation {
  /** The URL scheme, without `://`: `sqlite`, `s3`. */
  readonly scheme: string;
}

/**
 * One kind of store, as a host reaches it from a URL (`sqlite:///var/lib/strata.db`,
 * `s3://bucket/prefix?region=eu-west-1`). Store packages export theirs from a light module, so
 * parsing a URL never loads a store's dependencies; `open` loads them.
 */
export interface Backend<L extends BackendLocation = BackendLocation> {
  readonly scheme: string;
  /** The URL forms this backend reads, for hints (`sqlite:///abs/path.db or sqlite://./rel.db`). */
  readonly forms: string;
  /** Parses a URL of this scheme; relative paths resolve against `cwd`. Throws InvalidArgumentError. */
  parse(url: string, cwd: string): L;
  /** The URL of a location, as `parse` reads it back (normalised: paths absolute). */
  format(location: L): string;
  open(location: L): Promise<Store>;
}

/** The backends a host knows, by URL scheme. */
export class BackendRegistry {
  private readonly backends = new Map<string, Backend>();

  constructor(backends: readonly Backend[] = []) {
    for (const backend of backends) this.register(backend);
  }

  register<L extends BackendLocation>(backend: Backend<L>): this {
    this.backends.set(backend.scheme, backend);
    return this;
  }

  /** Parses a backend URL with the backend of its scheme. */
  parse(url: string, cwd: string): BackendLocation {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
    const backend = scheme === undefined ? undefined : this.backends.get(scheme);
    if (backend === undefined) {
      throw new InvalidArgumentError(`invalid backend ${JSON.stringify(url)}: unknown scheme`);
    }
    return backend.parse(url, cwd);
  }

  format(location: BackendLocation): string {
    return this.backend(location).format(location);
  }

  open(location: BackendLocation): Promise<Store> {
    return this.backend(location).open(location);
  }

  /** Every URL form the registered backends read, for hints. */
  forms(): string {
    return [...this.backends.values()].map((b) => b.forms).join(' or ');
  }

  private backend(location: BackendLocation): Backend {
    const backend = this.backends.get(location.scheme);
    if (backend === undefined)
      throw new InvalidArgumentError(`no backend is registered for ${location.scheme}://`);
    return backend;
  }
}
