import type { Document } from 'yaml';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { InvalidArgumentError, PathConflictError, StoreConflictError } from '../errors.js';
import type { EnvironmentKey } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';
import type { EnvironmentsApi } from './environments-api.js';
import type {
  ActorOptions,
  EnvironmentInput,
  RevisionContent,
  WrittenRevision,
} from './environments-service.js';

/** A path into a definition document: `['values', 'db', 'host']`, `['imports', 0]`. */
export type DefinitionPath = readonly (string | number)[];

/** How many times a change is applied before a conflict is reported; see `updateDefinitionAtPath`. */
export const PATH_UPDATE_ATTEMPTS = 8;

export interface UpdateAtPathOptions<T> extends ActorOptions {
  /** The one place in the definition document that the change sets or removes. */
  readonly path: DefinitionPath;
  /** The path as the user wrote it, for messages; `path` joined with dots if absent. */
  readonly shownPath?: string;
  /**
   * The change: the new definition text from the latest one (secrets as stored, i.e. ciphertext).
   * Called again on every attempt, so it must depend on nothing but its argument. May throw to
   * stop; nothing is stored then.
   */
  readonly apply: (definition: string) => string | Promise<string>;
  /**
   * Checks each new definition before it is written; throw to stop (nothing is stored). What it
   * returns for the definition that was stored comes back as `checked`.
   */
  readonly check?: (definition: string) => Promise<T>;
  /** At most this many writes; `PATH_UPDATE_ATTEMPTS` if absent. 1 never retries. */
  readonly attempts?: number;
}

export interface UpdateAtPathResult<T> {
  /** The revision written. */
  readonly revision: WrittenRevision;
  /** The definition written (before encryption of plaintext secrets). */
  readonly definition: string;
  /** What `check` returned for it (undefined without `check`). */
  readonly checked: T | undefined;
  /** How many writes it took (1 when nobody else wrote in between). */
  readonly attempts: number;
}

/**
 * Applies a change to one path of the latest revision: "set this key", "remove that one". Such a
 * change means "apply it to the latest revision", so when another writer lands first, it is not
 * a conflict unless that writer changed the same path: the latest is read again and the change
 * re-applied (and re-checked), up to `attempts` writes with a short random pause between them
 * (5 ms up to 10, 20, 40, then 50 ms). A conflict is reported, as `PathConflictError`, when
 * between the revision first read and the latest:
 *
 * - the node at `path` differs (or, for a path through a list, the list itself differs, since
 *   positions in a list shift), or
 * - a map on the way to it became something other than a map.
 *
 * When every attempt lost to another writer, the last `StoreConflictError` is thrown. Writes of a
 * whole definition (`updateDefinition`) keep failing on any conflict.
 */
export async function updateDefinitionAtPath<T = undefined>(
  service: EnvironmentsApi,
  input: EnvironmentInput,
  options: UpdateAtPathOptions<T>,
): Promise<UpdateAtPathResult<T>> {
  const attempts = options.attempts ?? PATH_UPDATE_ATTEMPTS;
  if (!Number.isSafeInteger(attempts) || attempts < 1)
    throw new InvalidArgumentError(`invalid number of attempts ${attempts}: use 1 or more`);
  if (options.path.length === 0)
    throw new InvalidArgumentError('a path change needs a non-empty path');
  const env = typeof input === 'string' ? unversioned(service, input) : input;
  const name = formatEnvironmentKey(env);
  const latest = async (): Promise<RevisionContent> =>
    service.readDefinition(await service.resolve({ env }));

  const first = await latest();
  let base = first;
  for (let attempt = 1; ; attempt++) {
    const definition = await options.apply(base.definition);
    const checked = options.check === undefined ? undefined : await options.check(definition);
    try {
      const revision = await service.updateDefinition(env, definition, {
        actor: options.actor,
        basedOn: base.revision.number,
      });
      return { revision, definition, checked, attempts: attempt };
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt >= attempts) throw error;
    }
    await pause(attempt);
    base = await latest();
    if (pathChanged(first.definition, base.definition, options.path)) {
      throw new PathConflictError(
        name,
        first.revision.number,
        base.revision.number,
        options.shownPath ?? options.path.join('.'),
      );
    }
  }
}

function unversioned(service: EnvironmentsApi, ref: string): EnvironmentKey {
  const parsed = service.parseRef(ref);
  if (parsed.version !== undefined)
    throw new InvalidArgumentError(`cannot update ${ref}: a version is not allowed here`);
  return parsed.env;
}

/** 5 ms up to a ceiling that doubles from 10 ms to at most 50 ms, at random in between. */
function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(50, 5 * 2 ** attempt);
  const ms = 5 + Math.random() * (ceiling - 5);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when a change at `path` made against `before` cannot simply be re-applied to `after`. */
export function pathChanged(before: string, after: string, path: DefinitionPath): boolean {
  const a = parseDocument(before);
  const b = parseDocument(after);
  if (a.errors.length > 0 || b.errors.length > 0) return before !== after;
  // Through a list, the list is the unit: an insertion or removal shifts every later index.
  const listAt = path.findIndex((segment) => typeof segment === 'number');
  const compared = listAt < 0 ? path : path.slice(0, listAt);
  for (let i = 0; i < compared.length; i++) {
    const prefix = compared.slice(0, i);
    const was = containerKind(a, prefix);
    const is = containerKind(b, prefix);
    // A missing map is created by the change; a map removed meanwhile is created again.
    if (was !== is && !(isMapOrNothing(was) && isMapOrNothing(is))) return true;
  }
  return nodeText(a, compared) !== nodeText(b, compared);
}

type Kind = 'nothing' | 'map' | 'list' | 'other';

const isMapOrNothing = (kind: Kind): boolean => kind === 'map' || kind === 'nothing';

function nodeAt(doc: Document, path: DefinitionPath): unknown {
  return path.length === 0 ? doc.contents : doc.getIn(path, true);
}

function containerKind(doc: Document, path: DefinitionPath): Kind {
  const node = nodeAt(doc, path);
  if (node === undefined || node === null || (isScalar(node) && node.value === null))
    return 'nothing';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'list';
  return 'other';
}

/** The value at `path` as JSON (comments and style left out), or undefined if nothing is there. */
function nodeText(doc: Document, path: DefinitionPath): string | undefined {
  const node = nodeAt(doc, path);
  if (node === undefined) return undefined;
  const value: unknown =
    node !== null && typeof node === 'object' && 'toJS' in node
      ? (node as { toJS(doc: Document): unknown }).toJS(doc)
      : node;
  return JSON.stringify(value ?? null, (_key, v: unknown): unknown =>
    v instanceof Map ? (Object.fromEntries(v) as unknown) : v instanceof Set ? [...v] : v,
  );
}
