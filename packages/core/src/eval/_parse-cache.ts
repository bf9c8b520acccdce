import type { ParseResult } from '../ast/environment-decl.js';

const MAX_ENTRIES = 1024;

/**
 * Parse results of recently loaded definitions, by environment name and exact text. Definitions
 * are immutable revisions, so reopening an unchanged graph parses nothing; the AST is never
 * mutated by evaluation, so sharing it is safe. Least recently used entries go first.
 */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; result: ParseResult }>();

  constructor(private readonly parse: (name: string, source: string) => ParseResult) {}

  get(name: string, source: string | Uint8Array): ParseResult {
    const text = typeof source === 'string' ? source : Buffer.from(source).toString('utf8');
    const found = this.entries.get(name);
    if (found !== undefined && found.text === text) {
      this.entries.delete(name);
      this.entries.set(name, found);
      return found.result;
    }
    const result = this.parse(name, text);
    this.entries.delete(name);
    this.entries.set(name, { text, result });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }
}
