import type { SourceRange } from '../diagnostics/diagnostic.js';

/** One step of a `${...}` access: `.name`, `["key"]` or `[0]`. */
export type PropertyAccessor =
  | { readonly kind: 'name'; readonly key: string; readonly range: SourceRange }
  | { readonly kind: 'key'; readonly key: string; readonly range: SourceRange }
  | { readonly kind: 'index'; readonly index: number; readonly range: SourceRange };

/** A parsed `${...}` reference. */
export interface PropertyAccess {
  readonly accessors: readonly PropertyAccessor[];
  /** The whole `${...}` text range (or the whole string node when sub-ranges are unavailable). */
  readonly range: SourceRange;
}

/** A run of literal text followed by an optional access: `hello ${name}` → [{text: 'hello ', access}] */
export interface InterpolationPart {
  readonly text: string;
  readonly access?: PropertyAccess | undefined;
}
