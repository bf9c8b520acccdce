import { NotFoundError } from '../errors.js';
import {
  parseEscJson,
  stringifyEscJson,
  type EscEnvironment,
  type EscValue,
} from '../projection/esc-json.js';
import type { EnvironmentKey } from '../store/store.js';
import { parsePropertyPath } from '../value/property-path.js';
import type { EnvironmentEvaluation, OpenedEnvironment } from './environment-evaluation.js';
import { checkOpenDuration } from './open-sessions.js';
import type { ResolvedRevision, ServiceContext } from './service-context.js';

/** An open that became a session; without `session` when the environment has errors. */
export interface OpenedSession extends OpenedEnvironment {
  readonly session?: { readonly id: string; readonly expiresAt: string } | undefined;
}

/**
 * ESC's open sessions as rules: opening evaluates once and keeps the result (see OpenSessions);
 * a session is read only by whoever opened it, and every read is audited (`read-session`).
 */
export class EnvironmentSessions {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evaluation: EnvironmentEvaluation,
  ) {}

  /**
   * Opens `resolved` (audited as an `open`) and keeps the result for `durationMs` (ESC's default
   * if absent). An environment with errors opens no session: its diagnostics say why.
   */
  async open(
    resolved: ResolvedRevision,
    actor: string,
    durationMs: number | undefined,
  ): Promise<OpenedSession> {
    // Checked before anything is evaluated or audited.
    const duration = checkOpenDuration(durationMs);
    let creating: Promise<{ id: string; expiresAt: string }> | undefined;
    try {
      const opened = await this.evaluation.open(resolved, actor, async (result) => {
        if (result.diagnostics.some((d) => d.severity === 'error')) return;
        creating = this.ctx.sessions.create({
          env: resolved.env,
          revision: resolved.revision,
          openedBy: actor,
          payload: this.ctx.sessions.payloadOf(result.value),
          durationMs: duration,
        });
        await creating;
      });
      return { ...opened, session: await creating };
    } catch (error) {
      // The open failed (its audit event could not be stored): no session outlives it.
      const created = await creating?.catch(() => undefined);
      if (created !== undefined) await this.ctx.sessions.discard(created.id);
      throw error;
    }
  }

  /**
   * What session `id` of `env` holds, as ESC JSON: the Environment, or the Value at `property`.
   * Not found when unknown, expired, another environment's or another caller's (a session holds
   * what its imports gave its opener).
   */
  async read(
    env: EnvironmentKey,
    id: string,
    actor: string,
    property: string | undefined,
  ): Promise<string> {
    const session = await this.ctx.sessions.read(env, id);
    if (session.openedBy !== actor)
      throw new NotFoundError(`open session ${id} not found or expired`);
    await this.ctx.audit.record({
      action: 'read-session',
      env,
      actor,
      revision: session.revision,
    });
    if (property === undefined || property === '') return session.payload;
    const value = propertyOf(parseEscJson(session.payload) as EscEnvironment, property);
    if (value === undefined) throw new NotFoundError(`property ${property} not found`);
    return stringifyEscJson(value);
  }
}

/** The Value at a property path of an opened environment's Environment JSON. */
function propertyOf(environment: EscEnvironment, path: string): EscValue | undefined {
  const [first, ...rest] = parsePropertyPath(path);
  if (typeof first !== 'string') return undefined;
  let value: EscValue | undefined = environment.properties?.[first];
  for (const segment of rest) {
    const data: unknown = value?.value;
    if (typeof segment === 'number')
      value = Array.isArray(data) ? (data[segment] as EscValue | undefined) : undefined;
    else
      value =
        data !== null &&
        typeof data === 'object' &&
        !Array.isArray(data) &&
        Object.hasOwn(data, segment)
          ? (data as Record<string, EscValue>)[segment]
          : undefined;
  }
  return value;
}
