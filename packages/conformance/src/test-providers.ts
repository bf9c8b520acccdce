import {
  SecretOutput,
  type ExecutionContext,
  type PlainValue,
  type Provider,
  type ProviderOutput,
  type ProviderRegistry,
  type Rotator,
  type Decrypter,
} from '@strata/core';
import { SCHEMA_PROVIDER_SCHEMA } from './schema-provider-schema.js';

// The providers, rotators and decrypter of ESC's evaluator test harness (language-spec §12.1).
// They are test code: nothing here ships in @strata/core.

/** Adds 128 (mod 256) to every byte; its own inverse. */
export const rot128: Decrypter = {
  decrypt(ciphertext) {
    return Promise.resolve(Uint8Array.from(ciphertext, (b) => (b + 128) & 0xff));
  },
};

type Sleep = (ms: number) => Promise<void>;
const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function asObject(value: PlainValue): Record<string, PlainValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, PlainValue>)
    : {};
}

const testProvider: Provider = {
  schema: () => ({ inputs: true, outputs: true }),
  open: (_inputs, _context, { markedInputs }) => Promise.resolve(markedInputs),
};

const errorProvider: Provider = {
  schema: () => ({
    inputs: { type: 'object', properties: { why: { type: 'string' } }, required: ['why'] },
    outputs: true,
  }),
  open: (inputs) => {
    const why = asObject(inputs).why;
    return Promise.reject(new Error(typeof why === 'string' ? why : JSON.stringify(why)));
  },
};

const schemaProvider: Provider = {
  schema: () => ({ inputs: SCHEMA_PROVIDER_SCHEMA, outputs: SCHEMA_PROVIDER_SCHEMA }),
  open: (_inputs, _context, { markedInputs }) => Promise.resolve(markedInputs),
};

const secretWrapper: Provider = {
  schema: () => ({ inputs: true, outputs: true }),
  open: (_inputs, _context, { markedInputs }) => Promise.resolve(new SecretOutput(markedInputs)),
};

/** Sleeps for the configured delay and returns it as a Go duration string. */
export function benchProvider(delayMs: number): Provider {
  return {
    schema: () => ({ inputs: true, outputs: { type: 'string' } }),
    open: async () => {
      await sleep(delayMs);
      return delayMs === 0 ? '0s' : `${delayMs}ms`;
    },
  };
}

const STRING = { type: 'string' } as const;

const swapRotator: Rotator = {
  schema: () => ({
    inputs: true,
    state: { type: 'object', properties: { a: STRING, b: STRING }, required: ['a', 'b'] },
    outputs: true,
  }),
  open: (_inputs, state) => Promise.resolve(state),
  rotate: (_inputs, state) => {
    const { a, b } = asObject(state);
    return Promise.resolve({ a: b ?? null, b: a ?? null });
  },
};

const echoRotator: Rotator = {
  schema: () => ({
    inputs: { type: 'object', properties: { next: STRING }, rotateOnly: ['next'] },
    state: {
      type: 'object',
      properties: { current: STRING, previous: STRING },
      required: ['current'],
    },
    outputs: true,
  }),
  open: (inputs, state) => {
    const next = asObject(inputs).next;
    const current = asObject(state).current;
    if (next !== undefined && next !== current) {
      return Promise.reject(new Error('oh no! inputs were evaluated outside of rotation'));
    }
    return Promise.resolve(asObject(state));
  },
  rotate: (inputs, state) => {
    const next = asObject(inputs).next;
    if (next === undefined) return Promise.reject(new Error('next is unknown'));
    return Promise.resolve({ current: next, previous: asObject(state).current ?? null });
  },
};

/** The harness's provider registry; `bench` sleeps for `benchDelayMs`. */
export function testProviders(options: { benchDelayMs?: number } = {}): ProviderRegistry {
  const providers: Record<string, Provider> = {
    test: testProvider,
    error: errorProvider,
    schema: schemaProvider,
    'secret-wrapper': secretWrapper,
    bench: benchProvider(options.benchDelayMs ?? 0),
  };
  const rotators: Record<string, Rotator> = { swap: swapRotator, echo: echoRotator };
  return {
    loadProvider(name) {
      const provider = providers[name];
      if (provider === undefined) throw new Error(`unknown provider ${JSON.stringify(name)}`);
      return provider;
    },
    loadRotator(name) {
      const rotator = rotators[name];
      if (rotator === undefined) throw new Error(`unknown rotator ${JSON.stringify(name)}`);
      return rotator;
    },
  };
}

/** The harness's execution context. */
export const TEST_CONTEXT: ExecutionContext = { pulumi: { user: { id: 'USER_123' } } };

export type { ProviderOutput };
