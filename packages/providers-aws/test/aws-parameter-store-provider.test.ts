import { afterEach, describe, expect, it } from 'vitest';
import { formatOutput, valueProperty } from '@strata/core';
import { AWS_FAULTS } from '@strata/testkit-aws';
import { ROLE_ARN } from './_fixtures.js';
import { LOGIN, REGION, located, startServicesWorld, type ServicesWorld } from './_services.js';

let world: ServicesWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const AT = 'values.aws.params["fn::open::aws-parameter-store"]';

function paramsEnv(get: string, extra = ''): string {
  return `values:
${LOGIN}    params:
      fn::open::aws-parameter-store:
        region: ${REGION}
        login: \${aws.login}
        get:
${get}${extra}`;
}

function plainParams(result: { value?: unknown }): Record<string, string> {
  const json = JSON.parse(formatOutput(result.value as never, 'json', { redact: false })) as {
    aws: { params: Record<string, string> };
  };
  return json.aws.params;
}

describe('aws-parameter-store', () => {
  it('reads String, StringList and SecureString parameters, versions and labels; SecureString values are secret', async () => {
    world = await startServicesWorld();
    world.ssm.putParameter('/app/url', 'https://one', { labels: ['stable'] });
    world.ssm.putParameter('/app/url', 'https://two');
    world.ssm.putParameter('/app/hosts', 'a,b,c', { type: 'StringList' });
    world.ssm.putParameter('/app/password', 'hunter2', { type: 'SecureString' });
    const result = await world.open(
      paramsEnv(`          url: {name: /app/url}
          first: {name: /app/url, version: 1}
          stable: {name: '/app/url:stable'}
          second: {name: '/app/url:2'}
          hosts: {name: /app/hosts}
          password: {name: /app/password}
          cipher: {name: /app/password, decrypt: false}
`),
    );
    expect(located(result)).toEqual([]);
    const values = plainParams(result);
    expect(values).toMatchObject({
      url: 'https://two',
      first: 'https://one',
      stable: 'https://one',
      second: 'https://two',
      hosts: 'a,b,c',
      password: 'hunter2',
    });
    expect(values.cipher).not.toContain('hunter2');
    const params = valueProperty(valueProperty(result.value!, 'aws')!, 'params')!;
    expect(valueProperty(params, 'password')?.secret).toBe(true);
    expect(valueProperty(params, 'cipher')?.secret).toBe(true);
    expect(valueProperty(params, 'url')?.secret).toBe(false);
    // One GetParameters call per decryption setting: six names decrypted, one not.
    expect(world.ssm.calls.map((c) => [c.operation, c.body.WithDecryption])).toEqual([
      ['GetParameters', true],
      ['GetParameters', false],
    ]);
    for (const call of world.ssm.calls) expect(call.caller.accessKeyId).toMatch(/^ASIA/);
  });

  it('asks for ten names a call, the calls at once', async () => {
    world = await startServicesWorld({ latencyMs: 20 });
    const names = Array.from({ length: 25 }, (_, i) => `p${i}`);
    for (const n of names) world.ssm.putParameter(`/app/${n}`, `value-${n}`);
    const result = await world.open(
      paramsEnv(names.map((n) => `          ${n}: {name: /app/${n}}\n`).join('')),
    );
    expect(located(result)).toEqual([]);
    expect(plainParams(result)).toEqual(Object.fromEntries(names.map((n) => [n, `value-${n}`])));
    expect(world.ssm.calls.map((c) => (c.body.Names as string[]).length)).toEqual([10, 10, 5]);
    expect(world.ssm.maxInFlight).toBeGreaterThan(1);
    expect(world.ssm.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('puts each failure on its own entry: a missing parameter, a missing version, one refused by policy or by its key', async () => {
    world = await startServicesWorld({
      refuse: { parameters: (_caller, name) => name === '/app/admin' },
    });
    world.ssm.putParameter('/app/ok', 'fine');
    world.ssm.putParameter('/app/admin', 'root');
    world.ssm.putParameter('/app/sealed', 'x', { type: 'SecureString', kmsDenied: true });
    const result = await world.open(
      paramsEnv(`          ok: {name: /app/ok}
          missing: {name: /app/nope}
          old: {name: /app/ok, version: 7}
          admin: {name: /app/admin}
          sealed: {name: /app/sealed}
`),
    );
    const diagnostics = Object.fromEntries(located(result));
    expect(Object.keys(diagnostics).sort()).toEqual(
      ['admin', 'missing', 'old', 'sealed'].map((n) => `${AT}.get.${n}`).sort(),
    );
    const of = (name: string) => diagnostics[`${AT}.get.${name}`]!;
    expect(of('missing')).toContain(
      `aws-parameter-store: cannot read parameter "/app/nope" (get.missing) in ${REGION} as role ${ROLE_ARN}: ParameterNotFound`,
    );
    expect(of('old')).toContain('parameter "/app/ok:7"');
    expect(of('old')).toContain('Fix: check the name (or ARN), its version and the region');
    expect(of('admin')).toContain(
      `Fix: allow ssm:GetParameters (and ssm:GetParameter) on arn:aws:ssm:${REGION}:<account>:parameter/app/admin in the policy of role ${ROLE_ARN}`,
    );
    expect(of('sealed')).toContain('kms:Decrypt');
    expect(of('sealed')).toContain(`kms:ViaService = ssm.${REGION}.amazonaws.com`);
    for (const summary of Object.values(diagnostics)) expect(summary).not.toMatch(/root|fine/);
  });

  it('keeps at most `concurrency` calls in flight in all while refused batches are asked again name by name', async () => {
    const concurrency = 3;
    world = await startServicesWorld({
      latencyMs: 20,
      // One refused name in each batch of ten: every batch falls back to single reads.
      refuse: { parameters: (_caller, name) => /^\/app\/p\d0$/.test(name) },
    });
    const names = Array.from({ length: 30 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    for (const n of names) world.ssm.putParameter(`/app/${n}`, `value-${n}`);
    const result = await world.open(
      paramsEnv(names.map((n) => `          ${n}: {name: /app/${n}}\n`).join('')),
      { providers: { concurrency } },
    );
    expect(located(result).map(([path]) => path)).toEqual(
      ['p00', 'p10', 'p20'].map((n) => `${AT}.get.${n}`),
    );
    const operations = world.ssm.calls.map((c) => c.operation);
    expect(operations.filter((o) => o === 'GetParameters')).toHaveLength(3);
    expect(operations.filter((o) => o === 'GetParameter')).toHaveLength(30);
    expect(world.ssm.maxInFlight).toBeGreaterThan(1);
    expect(world.ssm.maxInFlight).toBeLessThanOrEqual(concurrency);
  });

  it('puts a failure of the whole call on every entry of it', async () => {
    world = await startServicesWorld();
    world.ssm.putParameter('/app/a', 'a');
    world.ssm.putParameter('/app/b', 'b');
    world.ssm.failNext('*', AWS_FAULTS.throttling(), 10);
    const result = await world.open(
      paramsEnv('          a: {name: /app/a}\n          b: {name: /app/b}\n'),
    );
    expect(located(result).map(([path]) => path)).toEqual([`${AT}.get.a`, `${AT}.get.b`]);
    expect(located(result)[0]![1]).toContain('ThrottlingException');
    expect(world.ssm.calls).toHaveLength(1);
  });

  it('refuses a version given twice, and unknown inputs, at their path', async () => {
    world = await startServicesWorld();
    const result = await world.open(
      paramsEnv(`          a: {name: '/app/a:3', version: 2}
          b: {name: /app/b, decrpyt: true}
`),
    );
    expect(located(result)).toEqual([
      [
        `${AT}.get.b.decrpyt`,
        'aws-parameter-store: unknown input get.b.decrpyt; get.b takes name, version, decrypt',
      ],
    ]);
    const twice = await world.open(paramsEnv(`          a: {name: '/app/a:3', version: 2}\n`));
    expect(located(twice)).toEqual([
      [
        `${AT}.get.a.version`,
        'aws-parameter-store: "/app/a:3" (get.a) already names a version or label; give it in name or in version, not both',
      ],
    ]);
    const bad = await world.open(paramsEnv(`          a: {name: /app/a, version: 1.5}\n`));
    expect(bad.diagnostics.map((d) => d.path)).toContain(`${AT}.get.a.version`);
    expect(world.ssm.calls).toHaveLength(0);
  });
});
