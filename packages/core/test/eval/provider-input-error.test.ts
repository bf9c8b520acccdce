import { describe, expect, it } from 'vitest';
import type { ProviderRegistry } from '../../src/eval/host-interfaces.js';
import { ProviderInputError } from '../../src/eval/provider-input-error.js';
import { evaluate } from './_harness.js';

/** `fail` throws the error `make` builds from its inputs. */
function failing(make: (inputs: unknown) => Error): ProviderRegistry {
  return {
    loadProvider: () => ({
      schema: () => ({ inputs: true, outputs: true }),
      open: (inputs) => Promise.reject(make(inputs)),
    }),
    loadRotator: () => {
      throw new Error('no rotators');
    },
  };
}

const SOURCE = `values:
  out:
    fn::open::fail:
      region: us-east-1
      get:
        db:
          secretId: prod/db
        api:
          secretId: prod/api
`;

describe('ProviderInputError', () => {
  it('reports each problem at the input it names', async () => {
    const providers = failing(
      () =>
        new ProviderInputError([
          { path: ['get', 'db'], message: 'db is missing' },
          { path: ['get', 'api', 'secretId'], message: 'api is refused' },
        ]),
    );
    const { diagnostics } = await evaluate('app', SOURCE, { providers });
    expect(
      diagnostics.map((d) => [d.summary, d.path, d.range?.start.line, d.range?.start.column]),
    ).toEqual([
      ['db is missing', 'values.out["fn::open::fail"].get.db', 7, 11],
      ['api is refused', 'values.out["fn::open::fail"].get.api.secretId', 9, 21],
    ]);
  });

  it('falls back to the call when the path names no input', async () => {
    const providers = failing(() => ProviderInputError.at(['nope', 3], 'lost'));
    const { diagnostics } = await evaluate('app', SOURCE, { providers });
    expect(diagnostics.map((d) => [d.summary, d.path])).toEqual([['lost', 'values.out']]);
  });

  it('reports any other error at the call', async () => {
    const providers = failing(() => new Error('boom'));
    const { diagnostics } = await evaluate('app', SOURCE, { providers });
    expect(diagnostics.map((d) => [d.summary, d.path])).toEqual([['boom', 'values.out']]);
  });
});
