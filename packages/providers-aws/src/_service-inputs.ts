import { ProviderInputError, type ObjectSchema, type PlainValue } from '@strata/core';
import { readLogin, type LoginCredentials } from './login-credentials.js';
import { refuseUnknownInputs } from './_unknown-inputs.js';

/** What every provider reading an AWS service takes: a region, aws-login's output, names to get. */
export interface ServiceInputs<Request> {
  readonly region: string;
  readonly credentials: LoginCredentials;
  readonly get: Readonly<Record<string, Request>>;
  /** The output names of `get`, at least one. */
  readonly keys: readonly string[];
}

/**
 * The inputs of `fn::open::<provider>` checked before any AWS call: no unknown keys, a login that
 * has not expired, and a `get` that names something (`emptyGet`: what to say, with an example).
 */
export function readServiceInputs<Request>(
  provider: string,
  inputs: PlainValue,
  schema: ObjectSchema,
  now: Date,
  emptyGet: string,
): ServiceInputs<Request> {
  const { region, login, get } = inputs as unknown as {
    region: string;
    login: unknown;
    get: Record<string, Request>;
  };
  refuseUnknownInputs(provider, inputs as Record<string, unknown>, schema);
  const credentials = readLogin(provider, login, now);
  const keys = Object.keys(get);
  if (keys.length === 0) throw ProviderInputError.at(['get'], `${provider}: ${emptyGet}`);
  return { region, credentials, get, keys };
}
