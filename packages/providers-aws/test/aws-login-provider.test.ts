import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { SecretOutput } from '@strata/core';
import {
  createAwsProviders,
  issuerTokenSource,
  signIdentityToken,
  type AwsLoginOptions,
} from '../src/index.js';
import { CONTEXT, ORG, ROLE_ARN, SUBJECT, reveal, startWorld, type World } from './_fixtures.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const oidcInputs = (extra: Record<string, unknown> = {}) => ({
  oidc: { roleArn: ROLE_ARN, sessionName: 'strata-dev', ...extra },
});

function open(w: World, inputs: object, options: AwsLoginOptions = {}) {
  const registry = createAwsProviders({
    tokenSource: issuerTokenSource(w.issuer),
    endpoint: w.sts.endpoint,
    maxAttempts: 1,
    ...options,
  });
  return Promise.resolve(registry.loadProvider('aws-login')).then((p) =>
    p.open(inputs as never, CONTEXT, { markedInputs: null }),
  );
}

describe('aws-login', () => {
  it('hands static credentials through, each marked secret, without calling STS', async () => {
    world = await startWorld();
    const out = await open(world, {
      static: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'shh', sessionToken: 'tok' },
    });
    expect(reveal(out)).toEqual({
      accessKeyId: 'secret:AKIAEXAMPLE',
      secretAccessKey: 'secret:shh',
      sessionToken: 'secret:tok',
    });
    expect(world.sts.calls).toBe(0);
  });

  it('exchanges a Strata-signed token for credentials over the real STS client', async () => {
    world = await startWorld();
    const out = (await open(
      world,
      oidcInputs({ duration: '30m', policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }),
    )) as Record<string, unknown>;
    expect(out.accessKeyId).toBeInstanceOf(SecretOutput);
    expect(out.secretAccessKey).toBeInstanceOf(SecretOutput);
    expect(out.sessionToken).toBeInstanceOf(SecretOutput);
    expect((out.accessKeyId as SecretOutput).value as string).toMatch(/^ASIA/);
    const expires = Date.parse(out.expiration as string);
    expect(expires - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    expect(world.sts.calls).toBe(1);
    const form = world.sts.requests[0]!;
    expect(form).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE_ARN,
      RoleSessionName: 'strata-dev',
      DurationSeconds: '1800',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    const claims = decodeJwt(form.WebIdentityToken!);
    expect(claims).toMatchObject({ iss: world.issuer.url, aud: ORG, sub: SUBJECT });
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('verifies against a JWKS read from disk as well', async () => {
    world = await startWorld({ keysFromDisk: true, alg: 'RS256' });
    await open(world, oidcInputs());
    expect(world.sts.calls).toBe(1);
  });

  it('reuses credentials within their lifetime: the second open makes no STS call', async () => {
    world = await startWorld();
    const registry = createAwsProviders({
      tokenSource: issuerTokenSource(world.issuer),
      endpoint: world.sts.endpoint,
    });
    const provider = await registry.loadProvider('aws-login');
    const first = reveal(await provider.open(oidcInputs(), CONTEXT, { markedInputs: null }));
    const second = reveal(await provider.open(oidcInputs(), CONTEXT, { markedInputs: null }));
    expect(second).toEqual(first);
    expect(world.sts.calls).toBe(1);
    // A different session name is a different login.
    await provider.open(oidcInputs({ sessionName: 'other' }), CONTEXT, { markedInputs: null });
    expect(world.sts.calls).toBe(2);
  });

  it('calls STS on every open when reuse is off', async () => {
    world = await startWorld();
    const registry = createAwsProviders({
      tokenSource: issuerTokenSource(world.issuer),
      endpoint: world.sts.endpoint,
      reuseCredentials: false,
    });
    const provider = await registry.loadProvider('aws-login');
    await provider.open(oidcInputs(), CONTEXT, { markedInputs: null });
    await provider.open(oidcInputs(), CONTEXT, { markedInputs: null });
    expect(world.sts.calls).toBe(2);
  });

  it('honours AWS_ENDPOINT_URL_STS', async () => {
    world = await startWorld();
    const registry = createAwsProviders({
      tokenSource: issuerTokenSource(world.issuer),
      env: { AWS_ENDPOINT_URL_STS: world.sts.endpoint },
    });
    const provider = await registry.loadProvider('aws-login');
    await provider.open(oidcInputs(), CONTEXT, { markedInputs: null });
    expect(world.sts.calls).toBe(1);
  });

  it('shares one STS call between concurrent opens of the same login', async () => {
    world = await startWorld();
    const registry = createAwsProviders({
      tokenSource: issuerTokenSource(world.issuer),
      endpoint: world.sts.endpoint,
    });
    const provider = await registry.loadProvider('aws-login');
    const [a, b] = await Promise.all([
      provider.open(oidcInputs(), CONTEXT, { markedInputs: null }),
      provider.open(oidcInputs(), CONTEXT, { markedInputs: null }),
    ]);
    expect(reveal(b)).toEqual(reveal(a));
    expect(world.sts.calls).toBe(1);
  });

  it('takes the token from AWS_WEB_IDENTITY_TOKEN_FILE when no source is given', async () => {
    world = await startWorld();
    const tokenFile = join(world.dir, 'token');
    await writeFile(
      tokenFile,
      await signIdentityToken(world.issuer, { audience: ORG, subject: SUBJECT }),
    );
    const registry = createAwsProviders({
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ENDPOINT_URL_STS: world.sts.endpoint },
    });
    const provider = await registry.loadProvider('aws-login');
    await provider.open(oidcInputs(), CONTEXT, { markedInputs: null });
    expect(world.sts.calls).toBe(1);
  });

  it('names unknown providers', () => {
    expect(() => createAwsProviders().loadProvider('aws-nope')).toThrow(
      'unknown provider "aws-nope"',
    );
  });
});

describe('aws-login errors say what to fix', () => {
  const cases: {
    name: string;
    world?: Parameters<typeof startWorld>[0];
    inputs?: Record<string, unknown>;
    options?: (w: World) => AwsLoginOptions;
    expected: RegExp[];
  }[] = [
    {
      name: 'AccessDenied: the trust policy subject does not match',
      world: { trust: { subject: 'strata:org/acme:env/app/prod' } },
      expected: [
        /STS refused \(AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\)/,
        new RegExp(`role ${ROLE_ARN}`),
        /audience "acme"/,
        /subject "strata:org\/acme:env\/app\/dev"/,
        /trust policy/,
        /:sub" = "strata:org\/acme:env\/app\/dev"/,
      ],
    },
    {
      name: 'InvalidIdentityToken: the audience is not registered',
      world: { trust: { audience: 'sts.amazonaws.com' } },
      expected: [/InvalidIdentityToken: Incorrect token audience/, /audience \(client ID\) "acme"/],
    },
    {
      name: 'InvalidIdentityToken: the issuer is not registered',
      world: { trust: { issuer: 'https://strata.example.com' } },
      expected: [
        /No OpenIDConnect provider found/,
        /IAM OIDC identity provider exists for "http:\/\/127\.0\.0\.1:\d+"/,
      ],
    },
    {
      name: 'ExpiredTokenException: the token expired',
      options: (w) => ({ tokenSource: issuerTokenSource(w.issuer, -60) }),
      expected: [/ExpiredTokenException/, /clock/],
    },
    {
      name: 'ValidationError: the duration exceeds the role maximum',
      world: { maxSessionDuration: 3600 },
      inputs: { duration: '2h' },
      expected: [
        /requested duration \(7200s\) exceeds the role's maximum session duration/,
        /MaxSessionDuration/,
      ],
    },
    {
      name: 'an unreachable STS',
      options: () => ({ endpoint: 'http://127.0.0.1:9' }),
      expected: [
        /could not reach STS/,
        /STS at http:\/\/127\.0\.0\.1:9 could not be reached/,
        /AWS_ENDPOINT_URL_STS/,
      ],
    },
  ];

  it.each(cases)('$name', async ({ world: worldOptions, inputs, options, expected }) => {
    world = await startWorld(worldOptions);
    const attempt = open(world, oidcInputs(inputs), options?.(world));
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    const message = error!.message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`issuer "${world.issuer.url}"`);
    for (const pattern of expected) expect(message).toMatch(pattern);
  });

  it('says how to get a token when there is no token source', async () => {
    world = await startWorld();
    await expect(open(world, oidcInputs(), { tokenSource: undefined, env: {} })).rejects.toThrow(
      /strata oidc init/,
    );
  });
});

describe('loading', () => {
  it('loads the STS SDK only when a login runs (no static import of it)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const src = new URL('../src/', import.meta.url);
    const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      const text = await readFile(new URL(file, src), 'utf8');
      expect(text, file).not.toMatch(/^import (?!type ).*'@aws-sdk\/client-sts'/m);
    }
  });
});
