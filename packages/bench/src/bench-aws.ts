// aws.*: opening environments that read AWS Secrets Manager and Parameter Store, against the fakes
// (in a child process) with 10 ms added to every call, a nearby region's round trip. The secrets
// of one open are fetched at once and the parameters ten a call, so an open of twenty values costs
// a round trip or two, not twenty. `*_over_one` compare that open with an open of one value,
// measured side by side: about 1 when concurrent, about 20 if one after another.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { evaluateEnvironment, parseEnvironment, type ProviderRegistry } from '@strata/core';
import { createAwsProviders } from '@strata/providers-aws';
import { AWS_FAKE_COUNT, AWS_FAKE_KEYS, AWS_FAKE_REGION } from './aws-fakes-child.js';
import { interleavedMedianMs, round } from './_measure.js';

const LATENCY_MS = 10;

function definition(provider: string, count: number, entry: (i: number) => string): string {
  const get = Array.from({ length: count }, (_, i) => `        v${i}: ${entry(i)}\n`).join('');
  return `values:
  login:
    accessKeyId: ${AWS_FAKE_KEYS.accessKeyId}
    secretAccessKey: {fn::secret: ${AWS_FAKE_KEYS.secretAccessKey}}
  read:
    fn::open::${provider}:
      region: ${AWS_FAKE_REGION}
      login: \${login}
      get:
${get}`;
}

async function open(source: string, providers: ProviderRegistry): Promise<void> {
  const { environment } = parseEnvironment('bench/aws', source);
  const result = await evaluateEnvironment({
    name: 'bench/aws',
    environment: environment!,
    mode: 'eval',
    providers,
  });
  if (result.diagnostics.length > 0)
    throw new Error(`aws bench: ${result.diagnostics.map((d) => d.summary).join('; ')}`);
}

function endpointsOf(child: ChildProcess): Promise<{ secrets: string; ssm: string }> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { secrets: string; ssm: string }));
    child.once('exit', (code) => reject(new Error(`aws fakes exited (${code})`)));
  });
}

export async function benchAws(): Promise<Record<string, number>> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const child = fork(fileURLToPath(new URL('./aws-fakes-child.js', import.meta.url)), [
    String(LATENCY_MS),
  ]);
  try {
    const endpoints = await endpointsOf(child);
    const providers = createAwsProviders({
      secretsManagerEndpoint: endpoints.secrets,
      ssmEndpoint: endpoints.ssm,
      env: {},
    });
    const secrets = (n: number) => definition('aws-secrets', n, (i) => `{secretId: app/s${i}}`);
    const params = (n: number) => definition('aws-parameter-store', n, (i) => `{name: /app/p${i}}`);

    // The first opens load the SDKs and connect: reported, not targeted.
    let start = performance.now();
    await open(secrets(AWS_FAKE_COUNT), providers);
    const secretsFirst = performance.now() - start;
    start = performance.now();
    await open(params(AWS_FAKE_COUNT), providers);
    const paramsFirst = performance.now() - start;

    const m = await interleavedMedianMs(
      {
        secrets: () => open(secrets(AWS_FAKE_COUNT), providers),
        secretsOne: () => open(secrets(1), providers),
        params: () => open(params(AWS_FAKE_COUNT), providers),
        paramsOne: () => open(params(1), providers),
      },
      15,
      { warmup: 2 },
    );
    return {
      'aws.secrets_open_ms': round(m.secrets),
      'aws.parameters_open_ms': round(m.params),
      'aws.secrets_over_one': round(m.secrets / m.secretsOne),
      'aws.parameters_over_one': round(m.params / m.paramsOne),
      'aws.secrets_open_first_ms': round(secretsFirst),
      'aws.parameters_open_first_ms': round(paramsFirst),
    };
  } finally {
    child.disconnect();
  }
}
