// Types of browser.mjs, for the TypeScript that imports it (the vitest global setup).
export function findChromium(env?: Record<string, string | undefined>): string | undefined;
export function ensureChromium():
  { path: string; reason?: undefined } | { path?: undefined; reason: string };
