import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  buildOpenIdConfiguration,
  buildSubject,
  commandTokenSource,
  createSigningKey,
  fileTokenSource,
  identityFromContext,
  importSigningKey,
  issuerFiles,
  issuerTokenSource,
  publishIssuer,
  signIdentityToken,
  type OidcIssuer,
} from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-oidc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('signing keys', () => {
  it.each(['ES256', 'RS256'] as const)(
    '%s: survives a JWK round trip and signs verifiable tokens',
    async (alg) => {
      const key = await createSigningKey(alg);
      expect(key.publicJwk).not.toHaveProperty('d');
      expect(key.privateJwk).toHaveProperty('d');
      // What the caller stores (encrypted) is JSON; what it loads back must sign the same way.
      const restored = await importSigningKey(
        JSON.parse(JSON.stringify(key.privateJwk)) as typeof key.privateJwk,
      );
      expect(restored).toEqual(key);

      const issuer: OidcIssuer = { url: 'https://strata.example.com/', key: restored };
      const now = new Date();
      const token = await signIdentityToken(issuer, {
        audience: 'acme',
        subject: 'strata:org/acme:env/a/b',
        now,
      });
      expect(decodeProtectedHeader(token)).toEqual({ alg, kid: key.kid, typ: 'JWT' });
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), {
        issuer: 'https://strata.example.com',
        audience: 'acme',
      });
      expect(payload.sub).toBe('strata:org/acme:env/a/b');
      expect(payload.exp! - payload.iat!).toBe(300);
      expect(payload.iat).toBe(Math.floor(now.getTime() / 1000));
    },
  );

  it('refuses a public-only JWK', async () => {
    const key = await createSigningKey();
    await expect(importSigningKey(key.publicJwk)).rejects.toThrow(/no private part/);
  });
});

describe('issuer documents', () => {
  it('publishes the discovery document and the JWKS (public keys only)', async () => {
    const key = await createSigningKey();
    const issuer = { url: 'https://oidc.example.com/strata', key };
    const written = await publishIssuer(issuer, dir);
    expect(written.map((p) => p.slice(dir.length))).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/jwks.json',
    ]);
    const config = JSON.parse(await readFile(written[0]!, 'utf8')) as Record<string, unknown>;
    expect(config).toEqual(buildOpenIdConfiguration(issuer));
    expect(config).toMatchObject({
      issuer: 'https://oidc.example.com/strata',
      jwks_uri: 'https://oidc.example.com/strata/.well-known/jwks.json',
      id_token_signing_alg_values_supported: ['ES256'],
    });
    const jwks = await readFile(written[1]!, 'utf8');
    expect(JSON.parse(jwks)).toEqual({ keys: [key.publicJwk] });
    expect(jwks).not.toContain('"d"');
    expect(issuerFiles(issuer).map((f) => f.path)).toEqual([
      '.well-known/openid-configuration',
      '.well-known/jwks.json',
    ]);
  });
});

describe('subjects', () => {
  const context = {
    pulumi: { organization: { login: 'acme' }, user: { login: 'alice' } },
    rootEnvironment: { name: 'app/dev' },
    currentEnvironment: { name: 'app/base' },
  };

  it.each([
    [undefined, 'strata:org/acme:env/app/dev'],
    [[], 'strata:org/acme:env/app/dev'],
    [['rootEnvironment.name'], 'strata:org/acme:rootEnvironment.name/app/dev'],
    [
      ['currentEnvironment.name', 'pulumi.user.login'],
      'strata:org/acme:currentEnvironment.name/app/base:pulumi.user.login/alice',
    ],
  ])('attributes %j give %s', (attributes, expected) => {
    expect(buildSubject(identityFromContext(context), attributes, context)).toBe(expected);
  });

  it('rejects an attribute the context does not have', () => {
    expect(() => buildSubject(identityFromContext(context), ['pulumi.user.id'], context)).toThrow(
      /subject attribute "pulumi.user.id" is not a string/,
    );
  });

  it('reads the identity from the context, dropping an org prefix, or from explicit values', () => {
    expect(identityFromContext({ ...context, rootEnvironment: { name: 'acme/app/dev' } })).toEqual({
      org: 'acme',
      environment: 'app/dev',
    });
    expect(identityFromContext({}, { org: 'o', environment: 'p/e' })).toEqual({
      org: 'o',
      environment: 'p/e',
    });
    expect(() => identityFromContext({})).toThrow(/pulumi.organization.login/);
  });
});

describe('token sources', () => {
  const request = { audience: 'acme', subject: 'strata:org/acme:env/app/dev' };

  it('signs with the issuer', async () => {
    const key = await createSigningKey();
    const source = issuerTokenSource({ url: 'https://i.example.com', key });
    expect(source.issuer).toBe('https://i.example.com');
    const { payload } = await jwtVerify(
      await source.token(request),
      createLocalJWKSet({ keys: [key.publicJwk] }),
    );
    expect(payload).toMatchObject({ aud: 'acme', sub: request.subject });
  });

  it('reads a token file on every call, trimmed', async () => {
    const path = join(dir, 'token');
    await writeFile(path, 'first\n');
    const source = fileTokenSource(path);
    expect(await source.token(request)).toBe('first');
    await writeFile(path, 'second');
    expect(await source.token(request)).toBe('second');
    await expect(fileTokenSource(join(dir, 'missing')).token(request)).rejects.toThrow(
      /cannot read the web identity token file/,
    );
  });

  it('takes a command’s stdout, offering the audience and subject', async () => {
    const script =
      'process.stdout.write(`tok:${process.env.STRATA_OIDC_AUDIENCE}:${process.env.STRATA_OIDC_SUBJECT}\\n`)';
    const source = commandTokenSource([process.execPath, '-e', script]);
    expect(await source.token(request)).toBe(`tok:acme:${request.subject}`);
    const failing = commandTokenSource([
      process.execPath,
      '-e',
      'console.error("no session"); process.exit(3)',
    ]);
    await expect(failing.token(request)).rejects.toThrow(/token command .* failed: no session/);
  });
});
