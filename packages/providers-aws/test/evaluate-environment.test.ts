import { afterEach, describe, expect, it } from 'vitest';
import {
  environmentVariables,
  evaluateEnvironment,
  formatOutput,
  parseEnvironment,
  valueProperty,
} from '@strata/core';
import { createAwsProviders, issuerTokenSource } from '../src/index.js';
import { CONTEXT, ROLE_ARN, startWorld, type World } from './_fixtures.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const SOURCE = `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
          roleArn: ${ROLE_ARN}
          sessionName: strata-dev
  environmentVariables:
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}
    AWS_SESSION_TOKEN: \${aws.login.sessionToken}
`;

async function evaluate(w: World, source: string, mode: 'eval' | 'check') {
  const { environment, diagnostics } = parseEnvironment('app/dev', source);
  expect(diagnostics).toEqual([]);
  return evaluateEnvironment({
    name: 'app/dev',
    environment: environment!,
    mode,
    context: CONTEXT,
    providers: createAwsProviders({
      tokenSource: issuerTokenSource(w.issuer),
      endpoint: w.sts.endpoint,
      maxAttempts: 1,
    }),
  });
}

describe('aws-login through evaluateEnvironment', () => {
  it('opens to secret credentials that project into environment variables', async () => {
    world = await startWorld();
    const result = await evaluate(world, SOURCE, 'eval');
    expect(result.diagnostics).toEqual([]);
    expect(world.sts.calls).toBe(1);

    const login = valueProperty(valueProperty(result.value!, 'aws')!, 'login')!;
    for (const key of ['accessKeyId', 'secretAccessKey', 'sessionToken'])
      expect(valueProperty(login, key)?.secret).toBe(true);
    expect(valueProperty(login, 'expiration')?.secret).toBe(false);

    const redacted = formatOutput(result.value, 'json', { redact: true });
    expect(redacted).toContain('"accessKeyId": "[secret]"');
    expect(redacted).not.toMatch(/ASIA/);

    const vars = Object.fromEntries(
      environmentVariables(result.value, { redact: false }).map((e) => [e.name, e.value]),
    );
    expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  it('check mode calls no STS and types accesses into the output', async () => {
    world = await startWorld();
    const source = SOURCE.replace(
      'environmentVariables:',
      'key: ${aws.login.accessKeyId}\n  expires: ${aws.login.expiration}\n  typo: ${aws.login.accessKeyID}\n  environmentVariables:',
    );
    const result = await evaluate(world, source, 'check');
    expect(result.diagnostics).toEqual([]);
    expect(world.sts.calls).toBe(0);
    const at = (key: string) => valueProperty(result.value!, key)!;
    expect(valueProperty(at('aws'), 'login')!.unknown).toBe(true);
    expect(at('key')).toMatchObject({ unknown: true, schema: { type: 'string', secret: true } });
    expect(at('expires')).toMatchObject({ unknown: true, schema: { type: 'string' } });
    // The output schema is closed, so a misspelt property can never have a value.
    expect(at('typo')).toMatchObject({ unknown: true, schema: false });
  });

  it('reports an STS refusal as a diagnostic on the fn::open', async () => {
    world = await startWorld({ trust: { subject: 'strata:org/acme:env/app/prod' } });
    const result = await evaluate(world, SOURCE, 'eval');
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.path).toBe('values.aws.login');
    expect(result.diagnostics[0]!.summary).toMatch(/AccessDenied.*trust policy/);
  });
});
