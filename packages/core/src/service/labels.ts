import { InvalidArgumentError } from '../errors.js';
import type { EnvironmentKey, LabelUpdate } from '../store/store.js';
import type { ServiceContext } from './service-context.js';

/** Environment labels (esc's environment tags: key/value metadata) and deletion protection. */
export class Labels {
  constructor(private readonly ctx: ServiceContext) {}

  /** Sets (string) or removes (null) labels; returns the resulting labels. */
  async update(
    env: EnvironmentKey,
    changes: Readonly<Record<string, string | null>>,
    actor: string,
  ): Promise<Record<string, string>> {
    for (const [k, v] of Object.entries(changes)) {
      if (!/^[^\s\p{Cc}]{1,128}$/u.test(k))
        throw new InvalidArgumentError(`invalid label key ${JSON.stringify(k)}`);
      if (v !== null && (v.length > 1024 || /\p{Cc}/u.test(v))) {
        throw new InvalidArgumentError(
          `invalid value for label ${k}: at most 1024 characters, no control characters`,
        );
      }
    }
    const result = await this.ctx.updateMeta(env, ({ value }) => {
      const labels: Record<string, string> = { ...value.labels };
      const labelUpdates: Record<string, LabelUpdate> = { ...value.labelUpdates };
      const update: LabelUpdate = { at: this.ctx.timestamp(), by: actor };
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) {
          delete labels[k];
          delete labelUpdates[k];
        } else {
          labels[k] = v;
          labelUpdates[k] = update;
        }
      }
      return Promise.resolve({ ...value, labels, labelUpdates });
    });
    const details = Object.fromEntries(
      Object.entries(changes).map(([k, v]) => [`label:${k}`, v ?? '']),
    );
    await this.ctx.audit.record({ action: 'update', env, actor, revision: null, details });
    return { ...result.labels };
  }

  async setDeletionProtection(env: EnvironmentKey, on: boolean, actor: string): Promise<void> {
    await this.ctx.updateMeta(env, ({ value }) =>
      Promise.resolve(
        value.deletionProtected === on ? undefined : { ...value, deletionProtected: on },
      ),
    );
    await this.ctx.audit.record({
      action: 'update',
      env,
      actor,
      revision: null,
      details: { deletionProtected: String(on) },
    });
  }
}
