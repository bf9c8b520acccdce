import type { ParseResult } from '../ast/environment-decl.js';
import type { Schema } from '../schema/schema.js';
import type { PlainValue, ProviderOutput } from '../value/plain-value.js';

export { SecretOutput, type PlainValue, type ProviderOutput } from '../value/plain-value.js';

/** Decrypts `fn::secret: {ciphertext}` payloads of one environment. */
export interface Decrypter {
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array>;
}

/** Encrypts plaintext secrets of one environment before its definition is stored. */
export interface Encrypter {
  encrypt(plaintext: Uint8Array): Promise<Uint8Array>;
}

/** What a loader returns for an environment name. */
export interface LoadedEnvironment {
  /** The definition's bytes (YAML). */
  readonly definition: Uint8Array | string;
  /** Decrypts the environment's ciphertext secrets. */
  readonly decrypter: Decrypter;
  /**
   * The definition already parsed, when the loader caches immutable revisions: saves parsing the
   * same bytes on every open.
   */
  readonly parsed?: ParseResult | undefined;
}

/**
 * Resolves an import name (opaque: `base`, `proj/env`, `proj/env@3`, `proj/env@stable`) to its
 * definition. Rejecting with an Error reports its message on the import, verbatim.
 */
export interface EnvironmentLoader {
  load(name: string): Promise<LoadedEnvironment>;
  /**
   * Which environment and version a name refers to, for finding cycles and evaluating each
   * environment once per open: two names that spell the same environment (`app`, `proj/app`,
   * `org/proj/app@latest`) must give the same identity. Without it, the exact name is the identity,
   * as in ESC. Called for the root's own name too.
   */
  identify?(name: string): string;
}

export interface ProviderSchemas {
  readonly inputs: Schema;
  readonly outputs: Schema;
}

/** Extra views of a call's inputs, for providers that hand inputs back. */
export interface OpenOptions {
  /**
   * The inputs with their secret parts wrapped in SecretOutput: a provider that echoes inputs
   * returns this, so secret inputs stay secret in its output.
   */
  readonly markedInputs: ProviderOutput;
}

/** A provider behind `fn::open::<name>`. */
export interface Provider {
  schema(): ProviderSchemas;
  /** Called with fully known, validated inputs. Throwing reports the error's message verbatim. */
  open(
    inputs: PlainValue,
    context: ExecutionContext,
    options: OpenOptions,
  ): Promise<ProviderOutput>;
}

export interface RotatorSchemas extends ProviderSchemas {
  readonly state: Schema;
}

/** A rotator behind `fn::rotate::<name>`. */
export interface Rotator {
  schema(): RotatorSchemas;
  open(
    inputs: PlainValue,
    state: PlainValue,
    context: ExecutionContext,
    options: OpenOptions,
  ): Promise<ProviderOutput>;
  rotate(inputs: PlainValue, state: PlainValue, context: ExecutionContext): Promise<ProviderOutput>;
}

/** Looks providers and rotators up by name. Throwing reports the message (`unknown provider "x"`). */
export interface ProviderRegistry {
  loadProvider(name: string): Provider | Promise<Provider>;
  loadRotator(name: string): Rotator | Promise<Rotator>;
}

/** The host-supplied context under `${context...}` (§3.6), e.g. `{pulumi: {user: {id}}}`. */
export type ExecutionContext = { readonly [key: string]: PlainValue };
