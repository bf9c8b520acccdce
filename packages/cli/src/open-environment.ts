import type {
  Diagnostic,
  ExecutionContext,
  EnvironmentKey,
  EvaluationMode,
  EvaluationResult,
  ResolvedRevision,
} from '@strata/core';
import { createEnvironmentLoader, evaluateEnvironment, parseEnvironment } from '@strata/core';
import type { Session } from './session.js';

/** An evaluated environment plus what is needed to render its diagnostics. */
export interface OpenedEnvironment {
  readonly resolved: ResolvedRevision;
  /** `org/project/name`. */
  readonly name: string;
  /** The stored definition (secrets as ciphertext): the source diagnostics point into. */
  readonly definition: string;
  readonly result: EvaluationResult;
  /** Load diagnostics followed by evaluation diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Who is opening what, as esc passes it to providers: `aws-login` builds its token subject from
 * the org and the root environment's `project/env`.
 */
export function executionContext(session: Session, name: string): ExecutionContext {
  const parts = name.split('/');
  const org = parts.length === 3 && parts[0] !== undefined ? parts[0] : session.org;
  return {
    pulumi: { organization: { login: org }, user: { login: session.actor } },
    rootEnvironment: { name },
  };
}

/**
 * Opens (mode `eval`: providers are called, an `open` audit event is recorded) an environment
 * through the service, with the session's providers.
 */
export async function openEnvironment(session: Session, ref: string): Promise<OpenedEnvironment> {
  return session.service.open(
    ref,
    async (input) => {
      const { environment, diagnostics } = parseEnvironment(input.name, input.definition);
      const result =
        environment === undefined
          ? { value: undefined, diagnostics: [], patches: [] }
          : await evaluateEnvironment({
              name: input.name,
              environment,
              mode: 'eval',
              decrypter: input.decrypter,
              loader: input.loader,
              providers: session.providers,
              context: executionContext(session, input.name),
            });
      return {
        resolved: input.resolved,
        name: input.name,
        definition: input.definition,
        result,
        diagnostics: [...diagnostics, ...result.diagnostics],
      };
    },
    { actor: session.actor },
  );
}

/**
 * Evaluates an environment without opening it (mode `check` by default: providers are not called,
 * their outputs are unknown; no audit event). What `env get` shows.
 */
export async function checkEnvironment(
  session: Session,
  ref: string,
  options: { showSecrets?: boolean; mode?: EvaluationMode } = {},
): Promise<OpenedEnvironment> {
  const { service } = session;
  const resolved = await service.resolve(ref);
  const record = await service.revisionRecord(resolved);
  const definition = Buffer.from(record.definition).toString('utf8');
  const checked = await evaluateDefinition(session, resolved.env, definition, options);
  return { ...checked, resolved };
}

/** A definition evaluated as if it were stored under `env` (for text not saved yet). */
export interface CheckedDefinition {
  readonly name: string;
  readonly definition: string;
  readonly result: EvaluationResult;
  readonly diagnostics: readonly Diagnostic[];
}

/** Evaluates a definition as if it were stored under `env` (check mode unless told). */
export async function evaluateDefinition(
  session: Session,
  env: EnvironmentKey,
  definition: string,
  options: { showSecrets?: boolean; mode?: EvaluationMode } = {},
): Promise<CheckedDefinition> {
  const { service } = session;
  const name = `${env.org}/${env.project}/${env.name}`;
  const { environment, diagnostics } = parseEnvironment(name, definition);
  const result =
    environment === undefined
      ? { value: undefined, diagnostics: [], patches: [] }
      : await evaluateEnvironment({
          name,
          environment,
          mode: options.mode ?? 'check',
          decrypter: service.keyring.decrypter(env),
          loader: createEnvironmentLoader(service, env),
          providers: session.providers,
          context: executionContext(session, name),
          showSecrets: options.showSecrets === true,
        });
  return { name, definition, result, diagnostics: [...diagnostics, ...result.diagnostics] };
}
