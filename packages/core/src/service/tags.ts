import { InvalidArgumentError, NotFoundError, StoreConflictError } from '../errors.js';
import type { EnvironmentKey, Page, TagMove, TagRecord } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import { pageLimit, type PageOptions } from './paging.js';
import { checkTagName } from './parse-environment-ref.js';
import type { ServiceContext } from './service-context.js';

export interface TagInfo {
  readonly name: string;
  readonly revision: number;
  readonly history: readonly TagMove[];
}

/** Revision tags: mutable pointers at revisions, with the history of their moves. */
export class Tags {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Points `tag` at `revision`, creating it or moving it, and records the move. With `expect`,
   * fails with `StoreConflictError` unless the tag currently points there (null: does not exist).
   */
  async set(
    env: EnvironmentKey,
    tag: string,
    revision: number,
    options: { actor: string; expect?: number | null },
  ): Promise<TagInfo> {
    checkTagName(tag);
    if (tag === 'latest')
      throw new InvalidArgumentError(
        'the tag latest always names the newest revision and cannot be set',
      );
    const name = formatEnvironmentKey(env);
    const seen: { from: number | null } = { from: null };
    const result = await this.ctx.updateMeta(env, async (head) => {
      const { value } = head;
      const current = value.tags[tag];
      const from = current?.revision ?? null;
      seen.from = from;
      if (options.expect !== undefined && options.expect !== from) {
        throw new StoreConflictError(name, options.expect ?? 0, from ?? 0, { tag });
      }
      await this.ctx.usable(env, head, revision);
      if (from === revision) return undefined;
      const move: TagMove = { from, to: revision, by: options.actor, at: this.ctx.timestamp() };
      return {
        ...value,
        tags: { ...value.tags, [tag]: { revision, history: [...(current?.history ?? []), move] } },
      };
    });
    if (seen.from !== revision) {
      await this.ctx.audit.record({
        action: 'tag',
        env,
        actor: options.actor,
        revision,
        details: { tag, from: String(seen.from ?? '') },
      });
    }
    return { name: tag, revision, history: result.tags[tag]?.history ?? [] };
  }

  async remove(env: EnvironmentKey, tag: string, actor: string): Promise<void> {
    checkTagName(tag);
    let from = 0;
    await this.ctx.updateMeta(env, ({ value }) => {
      const current = value.tags[tag];
      if (!current) throw new NotFoundError(`tag ${tag} of ${formatEnvironmentKey(env)} not found`);
      from = current.revision;
      const tags = { ...value.tags };
      delete tags[tag];
      return Promise.resolve({ ...value, tags });
    });
    await this.ctx.audit.record({ action: 'untag', env, actor, revision: from, details: { tag } });
  }

  async get(env: EnvironmentKey, tag: string): Promise<TagInfo> {
    const { value } = await this.ctx.head(env);
    const record = value.tags[checkTagName(tag)];
    if (!record) throw new NotFoundError(`tag ${tag} of ${formatEnvironmentKey(env)} not found`);
    return { name: tag, revision: record.revision, history: record.history };
  }

  /** Tags ordered by name; `after` is a tag name. */
  async list(env: EnvironmentKey, options: PageOptions): Promise<Page<TagInfo>> {
    const { value } = await this.ctx.head(env);
    const limit = pageLimit(options.limit);
    const names = Object.keys(value.tags)
      .filter((n) => options.after === undefined || n > options.after)
      .sort();
    const items = names.slice(0, limit).map((n) => {
      const t = value.tags[n] as TagRecord;
      return { name: n, revision: t.revision, history: t.history };
    });
    const last = items[items.length - 1];
    return names.length > limit && last ? { items, next: last.name } : { items };
  }
}
