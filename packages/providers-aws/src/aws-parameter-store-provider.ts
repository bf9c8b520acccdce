import type * as SsmSdk from '@aws-sdk/client-ssm';
import {
  ProviderInputError,
  SecretOutput,
  type PlainValue,
  type Provider,
  type ProviderInputProblem,
  type ProviderOutput,
  mapLimit,
} from '@strata/core';
import {
  AWS_PARAMETER_STORE_INPUTS,
  AWS_PARAMETER_STORE_SCHEMAS,
} from './aws-parameter-store-schema.js';
import { resolveServiceOptions, type AwsServiceOptions } from './aws-service-options.js';
import { readServiceInputs } from './_service-inputs.js';
import { ClientPool } from './_client-pool.js';
import { classifyAwsError, explainAwsError, type AwsReadAttempt } from './explain-aws-error.js';
import { sdkCredentials } from './login-credentials.js';

export interface AwsParameterStoreOptions extends AwsServiceOptions {
  /** SSM endpoint; default `AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL`. */
  readonly endpoint?: string | undefined;
}

interface ParameterRequest {
  readonly name: string;
  readonly version?: number | undefined;
  readonly decrypt?: boolean | undefined;
}

/** What one requested name gave: its value and type, or why not. */
type Fetched = { value: string; type: string } | { error: unknown };

const PROVIDER = 'aws-parameter-store';
/** GetParameters takes at most ten names. */
const BATCH = 10;

/**
 * `fn::open::aws-parameter-store`: reads parameters from AWS Systems Manager Parameter Store with
 * aws-login's credentials, ten names a GetParameters call, at most `concurrency` calls of one open
 * in flight at once (names asked for alone are read after the batches).
 * SecureString values are secrets. The SDK is loaded on the first open.
 */
export function createAwsParameterStoreProvider(options: AwsParameterStoreOptions = {}): Provider {
  const { endpoint, logins, now, concurrency } = resolveServiceOptions(
    options,
    'AWS_ENDPOINT_URL_SSM',
  );
  const pool = new ClientPool<SsmSdk.SSMClient>();
  let sdk: Promise<typeof SsmSdk> | undefined;

  return {
    schema: () => AWS_PARAMETER_STORE_SCHEMAS,
    async open(inputs: PlainValue): Promise<ProviderOutput> {
      const { region, credentials, get, keys } = readServiceInputs<ParameterRequest>(
        PROVIDER,
        inputs,
        AWS_PARAMETER_STORE_INPUTS,
        now(),
        'get names no parameter; add one, e.g. get: {url: {name: /app/url}}',
      );

      // The name AWS is asked for (with its :version), and whether to decrypt, per output name.
      const problems: ProviderInputProblem[] = [];
      const wanted = new Map<string, { requested: string; decrypt: boolean }>();
      for (const key of keys) {
        const { name, version, decrypt } = get[key]!;
        if (version !== undefined && hasSelector(name)) {
          problems.push({
            path: ['get', key, 'version'],
            message: `${PROVIDER}: ${JSON.stringify(name)} (get.${key}) already names a version or label; give it in name or in version, not both`,
          });
          continue;
        }
        wanted.set(key, {
          requested: version === undefined ? name : `${name}:${version}`,
          decrypt: decrypt ?? true,
        });
      }
      if (problems.length > 0) throw new ProviderInputError(problems);

      const loaded = await (sdk ??= import('@aws-sdk/client-ssm'));
      const client = pool.get(
        { region, endpoint, credentials },
        () =>
          new loaded.SSMClient({
            region,
            credentials: sdkCredentials(credentials),
            ...(endpoint === undefined ? {} : { endpoint }),
            ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
          }),
      );

      // WithDecryption is per call: one set of batches per setting.
      const fetched = new Map<string, Fetched>();
      const batches: { names: string[]; decrypt: boolean }[] = [];
      for (const decrypt of [true, false]) {
        const names = [
          ...new Set(
            [...wanted.values()].filter((w) => w.decrypt === decrypt).map((w) => w.requested),
          ),
        ];
        for (let i = 0; i < names.length; i += BATCH)
          batches.push({ names: names.slice(i, i + BATCH), decrypt });
      }
      const one = async (name: string, decrypt: boolean): Promise<Fetched> => {
        try {
          const answer = await client.send(
            new loaded.GetParameterCommand({ Name: name, WithDecryption: decrypt }),
          );
          const p = answer.Parameter;
          return { value: p?.Value ?? '', type: p?.Type ?? 'String' };
        } catch (error) {
          return { error };
        }
      };
      const id = (name: string, decrypt: boolean) => `${decrypt ? 'd' : 'p'}\0${name}`;
      // Names to ask for alone, read after the batches so that at most `concurrency` calls are in
      // flight at once in all.
      const alone: { name: string; decrypt: boolean }[] = [];
      await mapLimit(batches, concurrency, async ({ names, decrypt }) => {
        let answer: SsmSdk.GetParametersCommandOutput;
        try {
          answer = await client.send(
            new loaded.GetParametersCommand({ Names: names, WithDecryption: decrypt }),
          );
        } catch (error) {
          // A refusal of the whole batch (one parameter's policy or key) is asked again name by
          // name, so each error lands on the entry it belongs to; what affects all does not.
          const failure = classifyAwsError(error);
          if (failure === 'throttled' || failure === 'credentials' || failure === 'network') {
            for (const name of names) fetched.set(id(name, decrypt), { error });
            return;
          }
          for (const name of names) alone.push({ name, decrypt });
          return;
        }
        const invalid = new Set(answer.InvalidParameters ?? []);
        const byName = new Map<string, SsmSdk.Parameter>();
        for (const p of answer.Parameters ?? []) {
          const selector = p.Selector ?? '';
          for (const alias of [p.Name, p.ARN])
            if (alias !== undefined) byName.set(`${alias}${selector}`, p);
        }
        for (const name of names) {
          const p = byName.get(name);
          if (p !== undefined)
            fetched.set(id(name, decrypt), { value: p.Value ?? '', type: p.Type ?? 'String' });
          else if (invalid.has(name))
            fetched.set(id(name, decrypt), {
              error: Object.assign(new Error('AWS lists it in InvalidParameters'), {
                name: 'ParameterNotFound',
              }),
            });
          // Answers named differently from the request (an ARN, a label): asked alone.
          else alone.push({ name, decrypt });
        }
      });
      const each = await mapLimit(alone, concurrency, ({ name, decrypt }) => one(name, decrypt));
      alone.forEach(({ name, decrypt }, i) => fetched.set(id(name, decrypt), each[i]!));

      const identity = logins.describe(credentials.accessKeyId);
      const output: Record<string, string | SecretOutput> = {};
      for (const [key, { requested, decrypt }] of wanted) {
        const result = fetched.get(id(requested, decrypt))!;
        if ('error' in result) {
          problems.push({
            path: ['get', key],
            message: explainAwsError(result.error, attemptFor(requested, key)),
          });
          continue;
        }
        output[key] =
          result.type === 'SecureString' ? new SecretOutput(result.value) : result.value;
      }
      if (problems.length > 0) throw new ProviderInputError(problems);
      return output;

      function attemptFor(requested: string, key: string): AwsReadAttempt {
        return {
          provider: PROVIDER,
          what: `parameter ${JSON.stringify(requested)}`,
          at: `get.${key}`,
          region,
          identity,
          action: 'ssm:GetParameters (and ssm:GetParameter)',
          resource: parameterArn(requested, region),
          viaService: `ssm.${region}.amazonaws.com`,
          endpoint: endpoint ?? `https://ssm.${region}.amazonaws.com`,
          endpointVariable: 'AWS_ENDPOINT_URL_SSM',
        };
      }
    },
  };
}

/** Whether a name already carries `:version` or `:label` (after the ARN's own colons). */
function hasSelector(name: string): boolean {
  const tail = name.startsWith('arn:') ? name.split(':').slice(5).join(':') : name;
  return tail.includes(':');
}

/** The parameter's ARN for a policy, without a selector. */
function parameterArn(requested: string, region: string): string {
  if (requested.startsWith('arn:')) return requested.split(':').slice(0, 6).join(':');
  const name = requested.replace(/:[^:/]*$/, '');
  return `arn:aws:ssm:${region}:<account>:parameter/${name.replace(/^\//, '')}`;
}
