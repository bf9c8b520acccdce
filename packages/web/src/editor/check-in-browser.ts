// Checking a definition in the page, as the server checks it before a save: parse, then evaluate
// in check mode (providers are not called; secrets stay unknown) with imports from the loader.
// Providers are the server's: here any `fn::open::<name>` is accepted with untyped outputs, and
// the server's check on save has the last word on provider names and their inputs.

import {
  evaluateEnvironment,
  formatEnvironmentKey,
  parseEnvironment,
  type Diagnostic,
  type EnvironmentDecl,
  type EnvironmentKey,
  type EnvironmentLoader,
  type ProviderRegistry,
  type Value,
} from '@strata/core';
import { installBufferGlobal } from '../buffer-global.js';

installBufferGlobal();

const untyped = {
  schema: () => ({ inputs: true, outputs: true, state: true }),
  open: () => Promise.reject(new Error('providers are not called in the browser')),
  rotate: () => Promise.reject(new Error('rotators are not called in the browser')),
};
const providers: ProviderRegistry = { loadProvider: () => untyped, loadRotator: () => untyped };

export interface BrowserCheck {
  readonly diagnostics: readonly Diagnostic[];
  readonly value: Value | undefined;
  readonly declaration: EnvironmentDecl | undefined;
}

export async function checkInBrowser(
  env: EnvironmentKey,
  definition: string,
  loader: EnvironmentLoader,
  actor: string,
): Promise<BrowserCheck> {
  const name = formatEnvironmentKey(env);
  const { environment, diagnostics } = parseEnvironment(name, definition);
  if (environment === undefined) return { diagnostics, value: undefined, declaration: undefined };
  const result = await evaluateEnvironment({
    name,
    environment,
    mode: 'check',
    loader,
    providers,
    context: {
      pulumi: { organization: { login: env.org }, user: { login: actor } },
      rootEnvironment: { name },
    },
  });
  return {
    diagnostics: [...diagnostics, ...result.diagnostics],
    value: result.value,
    declaration: environment,
  };
}
