import type { ParseResult } from '../ast/environment-decl.js';
import { parseEnvironment } from '../ast/parse-environment.js';
import type { EnvironmentKey, RevisionRecord } from '../store/store.js';
import { formatEnvironmentKey } from '../store/store.js';

interface Entry {
  readonly record: RevisionRecord;
  /** The definition's text, decoded once. */
  readonly text: string;
  /** Parse results by the name the definition was parsed under (its diagnostics' file name). */
  readonly parsed: Map<string, ParseResult>;
}

/**
 * The one cache of immutable revisions, and of their parse results: a revision never changes once
 * written, so reopening an unchanged import graph reads and parses nothing. Keyed by environment,
 * incarnation (a recreated environment has a new uid) and number; least recently used entries go
 * first.
 */
export class RevisionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  get(env: EnvironmentKey, uid: string, revision: number): RevisionRecord | undefined {
    return this.entry(env, uid, revision)?.record;
  }

  /** Keeps `record` and returns its text. */
  put(env: EnvironmentKey, uid: string, record: RevisionRecord): string {
    const text = Buffer.from(record.definition).toString('utf8');
    const key = cacheKey(env, uid, record.number);
    this.entries.delete(key);
    this.entries.set(key, { record, text, parsed: new Map() });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return text;
  }

  /** The definition's text and its parse under `name` (cached), for a revision already kept. */
  parsed(
    env: EnvironmentKey,
    uid: string,
    revision: number,
    name: string,
  ): { text: string; parsed: ParseResult } | undefined {
    const entry = this.entry(env, uid, revision);
    if (entry === undefined) return undefined;
    let parsed = entry.parsed.get(name);
    if (parsed === undefined) {
      parsed = parseEnvironment(name, entry.text);
      entry.parsed.set(name, parsed);
    }
    return { text: entry.text, parsed };
  }

  private entry(env: EnvironmentKey, uid: string, revision: number): Entry | undefined {
    const key = cacheKey(env, uid, revision);
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }
}

function cacheKey(env: EnvironmentKey, uid: string, revision: number): string {
  return `${formatEnvironmentKey(env)}#${uid}@${revision}`;
}
