// The browser of the console's tests: Debian's chromium driven by playwright-core, every
// response it receives kept (the secrets test reads them all), and screenshots written to
// packages/web/screenshots/ for the README.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export interface Received {
  readonly user: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly request: string;
  readonly body: string;
}

export interface Console {
  readonly browser: Browser;
  /** Every response any page received, with who was using it. */
  readonly received: Received[];
  /** Errors thrown in any page (there should be none). */
  readonly errors: string[];
  /** Waits until every response seen so far is in `received`. */
  settled(): Promise<void>;
  /** A browser context of its own (its own cookies) for one person. */
  person(user: string, viewport?: { width: number; height: number }): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launch(executablePath: string): Promise<Console> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const received: Received[] = [];
  const contexts: BrowserContext[] = [];
  const pending: Promise<void>[] = [];
  const errors: string[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    received,
    errors,
    settled: async () => {
      await Promise.all(pending);
    },
    async person(user, viewport = { width: 1280, height: 860 }) {
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      contexts.push(context);
      context.on('response', (response) => {
        const request = response.request();
        pending.push(
          response
            .text()
            .catch(() => '')
            .then((body) => {
              received.push({
                user,
                method: request.method(),
                url: response.url(),
                status: response.status(),
                request: request.postData() ?? '',
                body,
              });
            }),
        );
      });
      const page = await context.newPage();
      // A step that cannot happen fails in seconds, naming what it waited for.
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => errors.push(`${user}: ${error.message}`));
      return page;
    },
    async shot(page, name) {
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
    },
    async close() {
      await Promise.all(pending);
      for (const context of contexts) await context.close();
      await browser.close();
    },
  };
}
