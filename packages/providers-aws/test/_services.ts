import {
  startFakeKms,
  startFakeSecretsManager,
  startFakeSsm,
  type FakeKms,
  type FakeSecretsManager,
  type FakeSsm,
  type SignedCaller,
} from '@strata/testkit-aws';
import {
  evaluateEnvironment,
  parseEnvironment,
  type EvaluationResult,
  type ProviderRegistry,
} from '@strata/core';
import { createAwsProviders, issuerTokenSource, type AwsProvidersOptions } from '../src/index.js';
import { CONTEXT, ROLE_ARN, startWorld, type World } from './_fixtures.js';

export const REGION = 'us-west-2';

/** Who may do what in the fakes: refusals by secret or parameter name. */
export interface Refusals {
  secrets?: (caller: SignedCaller, name: string) => boolean;
  /** secretsmanager:BatchGetSecretValue. */
  batch?: (caller: SignedCaller) => boolean;
  parameters?: (caller: SignedCaller, name: string) => boolean;
}

export interface ServicesWorld extends World {
  readonly secrets: FakeSecretsManager;
  readonly ssm: FakeSsm;
  readonly kms: FakeKms;
  /** This package's providers against the fakes (`options` override the defaults). */
  providers(options?: AwsProvidersOptions): ProviderRegistry;
  /** Opens `source` as app/dev with `registry`, or a fresh `providers(options.providers)`. */
  open(
    source: string,
    options?: {
      mode?: 'eval' | 'check';
      providers?: AwsProvidersOptions;
      registry?: ProviderRegistry;
    },
  ): Promise<EvaluationResult>;
}

/**
 * The issuer and fake STS of `startWorld`, plus Secrets Manager, SSM and KMS fakes in REGION that
 * accept only credentials the fake STS issued (each request's signature is checked).
 */
export async function startServicesWorld(
  options: { latencyMs?: number; refuse?: Refusals } = {},
): Promise<ServicesWorld> {
  const world = await startWorld();
  const common = {
    region: REGION,
    credentials: world.sts.credentials,
    latencyMs: options.latencyMs,
  };
  const secrets = await startFakeSecretsManager({
    ...common,
    deny: options.refuse?.secrets,
    denyBatch: options.refuse?.batch,
  });
  const ssm = await startFakeSsm({ ...common, deny: options.refuse?.parameters });
  const kms = await startFakeKms(common);
  const providers = (overrides: AwsProvidersOptions = {}): ProviderRegistry =>
    createAwsProviders({
      tokenSource: issuerTokenSource(world.issuer),
      endpoint: world.sts.endpoint,
      secretsManagerEndpoint: secrets.endpoint,
      ssmEndpoint: ssm.endpoint,
      maxAttempts: 1,
      env: {},
      ...overrides,
    });
  return {
    ...world,
    secrets,
    ssm,
    kms,
    providers,
    async open(source, open = {}) {
      const { environment, diagnostics } = parseEnvironment('app/dev', source);
      if (environment === undefined) throw new Error(JSON.stringify(diagnostics));
      return evaluateEnvironment({
        name: 'app/dev',
        environment,
        mode: open.mode ?? 'eval',
        context: CONTEXT,
        providers: open.registry ?? providers(open.providers),
      });
    },
    async close() {
      await secrets.close();
      await ssm.close();
      await kms.close();
      await world.close();
    },
  };
}

/** An ESC-shaped login block (OIDC through the fake STS), to put under `values:`. */
export const LOGIN = `  aws:
    login:
      fn::open::aws-login:
        oidc:
          roleArn: ${ROLE_ARN}
          sessionName: strata-dev
`;

/** Diagnostics as `[path, summary]`, for assertions. */
export function located(result: EvaluationResult): [string, string][] {
  return result.diagnostics.map((d) => [d.path, d.summary]);
}
