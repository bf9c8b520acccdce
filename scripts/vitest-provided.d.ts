// What the global setup (vitest-global-setup.ts) hands to test files through `inject`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    escCorpus: {
      /** The esc-eval folder (or where it was looked for, when missing). */
      readonly dir: string;
      readonly present: boolean;
      /** The case directories (those holding expected.json), sorted. */
      readonly cases: readonly string[];
    };
    /** The chromium the web console's tests drive, when this machine has one. */
    browser: { readonly present: false } | { readonly present: true; readonly path: string };
  }
}
