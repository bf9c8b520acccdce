import { afterEach, describe, expect, it } from 'vitest';
import { environmentVariables, formatOutput, valueProperty } from '@strata/core';
import { AWS_FAULTS } from '@strata/testkit-aws';
import { ROLE_ARN } from './_fixtures.js';
import { LOGIN, REGION, located, startServicesWorld, type ServicesWorld } from './_services.js';

let world: ServicesWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const AT = 'values.aws.secrets["fn::open::aws-secrets"]';

function secretsEnv(get: string, extra = ''): string {
  return `values:
${LOGIN}    secrets:
      fn::open::aws-secrets:
        region: ${REGION}
        login: \${aws.login}
        get:
${get}${extra}`;
}

describe('aws-secrets', () => {
  it('reads secrets with the credentials aws-login issued, every value secret, JSON unpacked with fn::fromJSON', async () => {
    world = await startServicesWorld();
    world.secrets.putSecret('prod/db', JSON.stringify({ user: 'app', password: 'hunter2' }));
    world.secrets.putSecret('prod/api', 'old-key');
    const { versionId } = world.secrets.putSecret('prod/api', 'api-key-1');
    world.secrets.putSecret('prod/api', 'api-key-2', { stages: ['AWSPENDING'] });
    const source = secretsEnv(
      `          db:
            secretId: prod/db
          api:
            secretId: prod/api
          pending:
            secretId: prod/api
            versionStage: AWSPENDING
          pinned:
            secretId: prod/api
            versionId: ${versionId}
          previous:
            secretId: prod/api
            versionStage: AWSPREVIOUS
`,
      `    db:
      fn::fromJSON: \${aws.secrets.db}
  environmentVariables:
    DB_PASSWORD: \${aws.db.password}
    API_KEY: \${aws.secrets.api}
`,
    );
    const result = await world.open(source);
    expect(located(result)).toEqual([]);

    const secrets = valueProperty(valueProperty(result.value!, 'aws')!, 'secrets')!;
    for (const name of ['db', 'api', 'pending', 'pinned', 'previous'])
      expect(valueProperty(secrets, name)?.secret).toBe(true);
    const plain = JSON.parse(formatOutput(result.value, 'json', { redact: false })) as {
      aws: { secrets: Record<string, string> };
    };
    expect(plain.aws.secrets).toEqual({
      db: '{"user":"app","password":"hunter2"}',
      api: 'api-key-1',
      pending: 'api-key-2',
      pinned: 'api-key-1',
      previous: 'old-key',
    });
    expect(formatOutput(result.value, 'json', { redact: true })).not.toMatch(/hunter2|api-key/);
    const vars = Object.fromEntries(
      environmentVariables(result.value, { redact: true }).map((e) => [e.name, e.value]),
    );
    expect(vars).toEqual({ DB_PASSWORD: '[secret]', API_KEY: '[secret]' });

    // The current versions in one batch, the pinned ones one by one; every call signed (and
    // verified) with the keys STS issued, for the secrets' region.
    expect(world.sts.requests).toHaveLength(1);
    expect(
      world.secrets.calls.map((c) => [c.operation, c.body.SecretIdList ?? c.body.SecretId]),
    ).toEqual(
      expect.arrayContaining([
        ['BatchGetSecretValue', ['prod/api', 'prod/db']],
        ['GetSecretValue', 'prod/api'],
      ]),
    );
    expect(world.secrets.calls).toHaveLength(4);
    for (const call of world.secrets.calls) {
      expect(call.caller.accessKeyId).toMatch(/^ASIA/);
      expect(call.caller.region).toBe(REGION);
      expect(call.caller.arn).toContain(':assumed-role/strata-deploy/strata-dev');
    }
  });

  it('reads current versions twenty a call, the calls at once', async () => {
    world = await startServicesWorld({ latencyMs: 20 });
    const names = Array.from({ length: 45 }, (_, i) => `s${i}`);
    for (const n of names) world.secrets.putSecret(`app/${n}`, `value-${n}`);
    const result = await world.open(
      secretsEnv(names.map((n) => `          ${n}: {secretId: app/${n}}\n`).join('')),
    );
    expect(located(result)).toEqual([]);
    const plain = JSON.parse(formatOutput(result.value, 'json', { redact: false })) as {
      aws: { secrets: Record<string, string> };
    };
    expect(plain.aws.secrets).toEqual(Object.fromEntries(names.map((n) => [n, `value-${n}`])));
    expect(
      world.secrets.calls.map((c) => [c.operation, (c.body.SecretIdList as string[]).length]),
    ).toEqual([
      ['BatchGetSecretValue', 20],
      ['BatchGetSecretValue', 20],
      ['BatchGetSecretValue', 5],
    ]);
    expect(world.secrets.maxInFlight).toBeGreaterThan(1);
  });

  it('reads pinned versions one a call, at most the bound at once', async () => {
    world = await startServicesWorld({ latencyMs: 20 });
    const names = Array.from({ length: 30 }, (_, i) => `s${i}`);
    for (const n of names) world.secrets.putSecret(`app/${n}`, `value-${n}`);
    const result = await world.open(
      secretsEnv(
        names
          .map((n) => `          ${n}: {secretId: app/${n}, versionStage: AWSCURRENT}\n`)
          .join(''),
      ),
      { providers: { concurrency: 8 } },
    );
    expect(located(result)).toEqual([]);
    expect(world.secrets.calls).toHaveLength(30);
    expect(world.secrets.calls.every((c) => c.operation === 'GetSecretValue')).toBe(true);
    expect(world.secrets.maxInFlight).toBeLessThanOrEqual(8);
    expect(world.secrets.maxInFlight).toBeGreaterThan(1);
  });

  it('reads one secret a call, from then on, when the role may not batch', async () => {
    world = await startServicesWorld({ refuse: { batch: () => true } });
    world.secrets.putSecret('prod/a', 'a');
    world.secrets.putSecret('prod/b', 'b');
    const source = secretsEnv('          a: {secretId: prod/a}\n          b: {secretId: prod/b}\n');
    const providers = world.providers();
    for (let i = 0; i < 2; i++) {
      const result = await world.open(source, { registry: providers });
      expect(located(result)).toEqual([]);
    }
    expect(world.secrets.calls.map((c) => c.operation)).toEqual([
      'BatchGetSecretValue',
      'GetSecretValue',
      'GetSecretValue',
      'GetSecretValue',
      'GetSecretValue',
    ]);
  });

  it('puts each failure on its own entry, naming the secret, the region, the role and the fix', async () => {
    world = await startServicesWorld({
      refuse: { secrets: (_caller, name) => name === 'prod/admin' },
    });
    world.secrets.putSecret('prod/ok', 'fine');
    world.secrets.putSecret('prod/admin', 'root');
    world.secrets.putSecret('prod/sealed', 'x', { kmsDenied: true });
    world.secrets.putSecret('prod/cert', new Uint8Array([0, 1, 2, 255]));
    world.secrets.putSecret('prod/gone', 'bye');
    world.secrets.deleteSecret('prod/gone');
    const result = await world.open(
      secretsEnv(`          ok: {secretId: prod/ok}
          missing: {secretId: prod/nope}
          admin: {secretId: prod/admin}
          sealed: {secretId: prod/sealed}
          cert: {secretId: prod/cert}
          gone: {secretId: prod/gone}
          stage: {secretId: prod/ok, versionStage: NOPE}
`),
    );
    const diagnostics = Object.fromEntries(located(result));
    expect(Object.keys(diagnostics).sort()).toEqual(
      ['admin', 'cert', 'gone', 'missing', 'sealed', 'stage'].map((n) => `${AT}.get.${n}`).sort(),
    );
    const role = `as role ${ROLE_ARN}`;
    const of = (name: string) => diagnostics[`${AT}.get.${name}`]!;
    expect(of('missing')).toContain(
      `aws-secrets: cannot read secret "prod/nope" (get.missing) in ${REGION} ${role}: ResourceNotFoundException`,
    );
    expect(of('missing')).toContain('Fix: check the name (or ARN), its version and the region');
    expect(of('admin')).toContain('AccessDeniedException');
    expect(of('admin')).toContain(
      `Fix: allow secretsmanager:GetSecretValue on arn:aws:secretsmanager:${REGION}:<account>:secret:prod/admin-?????? in the policy of role ${ROLE_ARN}`,
    );
    expect(of('sealed')).toContain('DecryptionFailure');
    expect(of('sealed')).toContain(`use kms:Decrypt`);
    expect(of('sealed')).toContain(`kms:ViaService = secretsmanager.${REGION}.amazonaws.com`);
    expect(of('cert')).toContain('holds binary data (SecretBinary)');
    expect(of('gone')).toContain('scheduled for deletion');
    expect(of('stage')).toContain('staging label: NOPE');
    for (const summary of Object.values(diagnostics)) {
      expect(summary).not.toContain('root');
      expect(summary).not.toContain('fine');
    }
  });

  it('explains throttling and an unreachable endpoint', async () => {
    world = await startServicesWorld();
    world.secrets.putSecret('prod/a', 'a');
    world.secrets.failNext('*', AWS_FAULTS.throttling(), 10);
    let result = await world.open(secretsEnv('          a: {secretId: prod/a}\n'), {
      providers: { maxAttempts: 2 },
    });
    expect(located(result)).toEqual([
      [
        `${AT}.get.a`,
        expect.stringMatching(
          /ThrottlingException: Rate exceeded\. Fix: AWS throttled the calls \(2 attempts\)/,
        ),
      ],
    ]);

    result = await world.open(secretsEnv('          a: {secretId: prod/a}\n'), {
      providers: { secretsManagerEndpoint: 'http://127.0.0.1:9' },
    });
    expect(located(result)[0]![1]).toContain(
      'Fix: http://127.0.0.1:9 could not be reached: check the network, the region and AWS_ENDPOINT_URL_SECRETS_MANAGER',
    );
  });

  it('takes its endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
    world = await startServicesWorld();
    world.secrets.putSecret('prod/a', 'from-env');
    const result = await world.open(secretsEnv('          a: {secretId: prod/a}\n'), {
      providers: {
        secretsManagerEndpoint: undefined,
        env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: world.secrets.endpoint },
      },
    });
    expect(located(result)).toEqual([]);
    expect(world.secrets.calls).toHaveLength(1);
  });

  it('reports bad inputs at their path without calling AWS', async () => {
    world = await startServicesWorld();
    const cases: [string, string, string][] = [
      [
        'missing region',
        `values:
${LOGIN}    secrets:
      fn::open::aws-secrets:
        login: \${aws.login}
        get: {a: {secretId: x}}
`,
        AT,
      ],
      [
        'empty get',
        secretsEnv('          {}\n').replace('get:\n          {}', 'get: {}'),
        `${AT}.get`,
      ],
      [
        'a secretId that is not a string',
        secretsEnv('          a: {secretId: 42}\n'),
        `${AT}.get.a.secretId`,
      ],
      [
        'an unknown input',
        secretsEnv('          a: {secretId: x, version: 2}\n'),
        `${AT}.get.a.version`,
      ],
    ];
    for (const [what, source, path] of cases) {
      const result = await world.open(source);
      expect(result.diagnostics.length, what).toBeGreaterThan(0);
      expect(
        result.diagnostics.map((d) => d.path),
        what,
      ).toContain(path);
    }
    expect(world.secrets.calls).toHaveLength(0);
  });

  it('refuses a login that has expired, at its expiration', async () => {
    world = await startServicesWorld();
    const result = await world.open(`values:
  login:
    accessKeyId: ASIAEXPIRED
    secretAccessKey: {fn::secret: shh}
    sessionToken: {fn::secret: tok}
    expiration: 2020-01-01T00:00:00Z
  secrets:
    fn::open::aws-secrets:
      region: ${REGION}
      login: \${login}
      get: {a: {secretId: prod/a}}
`);
    expect(located(result)).toEqual([
      [
        'values.login.expiration',
        "aws-secrets: the login's credentials expired at 2020-01-01T00:00:00Z; open the environment again so aws-login issues new ones (or lengthen its duration)",
      ],
    ]);
    expect(world.secrets.calls).toHaveLength(0);
  });

  it('says that credentials AWS does not accept were refused', async () => {
    world = await startServicesWorld();
    world.secrets.putSecret('prod/a', 'a');
    const result = await world.open(`values:
  secrets:
    fn::open::aws-secrets:
      region: ${REGION}
      login:
        accessKeyId: AKIAUNKNOWN
        secretAccessKey: {fn::secret: wrong}
      get: {a: {secretId: prod/a}}
`);
    const [[path, summary]] = located(result) as [[string, string]];
    expect(path).toBe('values.secrets["fn::open::aws-secrets"].get.a');
    expect(summary).toContain('as the credentials given in login: UnrecognizedClientException');
    expect(summary).toContain("Fix: AWS refused the login's credentials");
    expect(summary).not.toContain('wrong');
  });

  it('check mode types every output as a secret string and calls nothing', async () => {
    world = await startServicesWorld();
    const result = await world.open(
      secretsEnv('          a: {secretId: prod/a}\n', '    copy: ${aws.secrets.a}\n'),
      { mode: 'check' },
    );
    expect(located(result)).toEqual([]);
    expect(valueProperty(valueProperty(result.value!, 'aws')!, 'copy')).toMatchObject({
      unknown: true,
      schema: { type: 'string', secret: true },
    });
    expect(world.sts.calls + world.secrets.calls.length).toBe(0);
  });
});
