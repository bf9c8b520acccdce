import type { EnvironmentKey } from '../store/store.js';
import type { Labels } from './labels.js';
import type { Revisions } from './revisions.js';
import type { ServiceContext } from './service-context.js';
import type { Tags } from './tags.js';

export interface CloneOptions {
  readonly actor: string;
  /** Copy every revision not retracted, oldest first; only the latest otherwise. */
  readonly preserveHistory?: boolean | undefined;
  /** Copy the revision tags whose revision was copied. */
  readonly preserveRevisionTags?: boolean | undefined;
  /** Copy the labels (esc's environment tags). */
  readonly preserveEnvironmentTags?: boolean | undefined;
}

/**
 * Copies an environment to a new one. Secrets are bound to their environment's name, so each
 * definition is decrypted and encrypted again for the target. The copies are revisions that were
 * valid when written, so they are not checked again: the target's history is the source's.
 */
export async function cloneEnvironment(
  parts: { ctx: ServiceContext; revisions: Revisions; tags: Tags; labels: Labels },
  source: EnvironmentKey,
  target: EnvironmentKey,
  options: CloneOptions,
): Promise<void> {
  const { ctx, revisions, tags, labels } = parts;
  const head = await ctx.head(source);
  const definitionOf = async (revision: number): Promise<string> =>
    (
      await revisions.read(
        {
          env: source,
          uid: head.value.uid,
          revision,
          version: { kind: 'revision', number: revision },
        },
        { showSecrets: true },
      )
    ).definition;
  const numbers: number[] = [];
  if (options.preserveHistory === true) {
    for (let n = 1; n <= head.latest; n++) if (!head.value.retractions[String(n)]) numbers.push(n);
  } else {
    numbers.push(head.latest);
  }
  // The source's revision numbers, and the numbers their copies got.
  const copies = new Map<number, number>();
  const [first = head.latest, ...rest] = numbers;
  const created = await revisions.create(target, await definitionOf(first), options.actor, true);
  copies.set(first, created.number);
  let basedOn = created.number;
  for (const n of rest) {
    basedOn = (await revisions.update(target, await definitionOf(n), basedOn, options.actor, true))
      .number;
    copies.set(n, basedOn);
  }
  if (options.preserveRevisionTags === true) {
    // A tag on a revision that was not copied (older than the latest, without preserveHistory,
    // or retracted) has nowhere to point, and stays behind.
    for (const [tag, record] of Object.entries(head.value.tags).sort()) {
      const copy = copies.get(record.revision);
      if (copy !== undefined) await tags.set(target, tag, copy, { actor: options.actor });
    }
  }
  if (options.preserveEnvironmentTags === true && Object.keys(head.value.labels).length > 0) {
    await labels.update(target, { ...head.value.labels }, options.actor);
  }
}
