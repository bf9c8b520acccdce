// A fake AWS STS for tests: AssumeRoleWithWebIdentity over the real query protocol (form POST /,
// XML answers, ErrorResponse with STS's codes), validating tokens the way IAM does.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  decodeJwt,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { CredentialLookup, KnownCredentials } from './sigv4.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The role's trust policy, reduced to what IAM checks for a web identity. */
export interface FakeTrustPolicy {
  readonly roleArn: string;
  /** The registered OIDC provider's URL (`iss` must equal it). */
  readonly issuer: string;
  /** `<provider>:aud` (the provider's client ID list). */
  readonly audience: string;
  /** `<provider>:sub`, StringLike: `*` matches any run of characters. */
  readonly subject: string;
}

export interface FakeStsOptions {
  readonly trust: FakeTrustPolicy;
  /**
   * Where the issuer's keys come from: `discovery` fetches `<issuer>/.well-known/openid-configuration`
   * and then its `jwks_uri` (as IAM does); `{ jwksPath }` reads a JWKS file from disk.
   */
  readonly keys: 'discovery' | { readonly jwksPath: string };
  /** The role's MaxSessionDuration in seconds (default 3600). */
  readonly maxSessionDuration?: number;
}

export interface FakeSts {
  readonly endpoint: string;
  /** Number of AssumeRoleWithWebIdentity requests received. */
  readonly calls: number;
  /** The form fields of each request. */
  readonly requests: readonly Record<string, string>[];
  /** The credentials this STS issued, for the other fakes to verify signatures with. */
  readonly credentials: CredentialLookup;
  close(): Promise<void>;
}

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeSts(options: FakeStsOptions): Promise<FakeSts> {
  const requests: Record<string, string>[] = [];
  const issued = new Map<string, KnownCredentials>();
  const maxSessionDuration = options.maxSessionDuration ?? 3600;
  let keySet: JWTVerifyGetKey | undefined;

  const loadKeys = async (): Promise<JWTVerifyGetKey> => {
    if (keySet) return keySet;
    if (options.keys === 'discovery') {
      const res = await fetch(`${options.trust.issuer}/.well-known/openid-configuration`);
      if (!res.ok)
        throw new StsError(
          400,
          'InvalidIdentityToken',
          `Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements`,
        );
      const config = (await res.json()) as { jwks_uri: string };
      keySet = createRemoteJWKSet(new URL(config.jwks_uri), {
        cacheMaxAge: 0,
        cooldownDuration: 0,
      });
    } else {
      keySet = createLocalJWKSet(
        JSON.parse(await readFile(options.keys.jwksPath, 'utf8')) as JSONWebKeySet,
      );
    }
    return keySet;
  };

  const assume = async (form: Record<string, string>): Promise<string> => {
    const token = form.WebIdentityToken ?? '';
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new StsError(
        400,
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    if (claims.iss !== options.trust.issuer)
      throw new StsError(
        400,
        'InvalidIdentityToken',
        `No OpenIDConnect provider found in your account for ${String(claims.iss)}`,
      );
    try {
      await jwtVerify(token, await loadKeys());
    } catch (error) {
      if (error instanceof StsError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        const now = Math.floor(Date.now() / 1000);
        throw new StsError(
          400,
          'ExpiredTokenException',
          `Token expired: current date/time ${now} must be before the expiration date/time${String(claims.exp)}`,
        );
      }
      throw new StsError(
        400,
        'InvalidIdentityToken',
        'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
      );
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(options.trust.audience))
      throw new StsError(400, 'InvalidIdentityToken', 'Incorrect token audience');
    if (
      form.RoleArn !== options.trust.roleArn ||
      !stringLike(options.trust.subject, claims.sub ?? '')
    )
      throw new StsError(
        403,
        'AccessDenied',
        'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      );
    const duration = form.DurationSeconds === undefined ? 3600 : Number(form.DurationSeconds);
    if (duration > maxSessionDuration)
      throw new StsError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    if (duration < 900)
      throw new StsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );

    const roleName = (form.RoleArn ?? '').split('/').pop() ?? '';
    const account = (form.RoleArn ?? '').split(':')[4] ?? '';
    const session = form.RoleSessionName ?? '';
    const expiration = new Date(Date.now() + duration * 1000).toISOString();
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(20).toString('base64');
    const sessionToken = `FwoG${randomBytes(48).toString('base64')}`;
    const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`;
    issued.set(accessKeyId, { secretAccessKey, sessionToken, expiration, arn });
    return (
      `<AssumeRoleWithWebIdentityResponse xmlns="${NS}">\n` +
      `  <AssumeRoleWithWebIdentityResult>\n` +
      `    <Credentials>\n` +
      `      <AccessKeyId>${accessKeyId}</AccessKeyId>\n` +
      `      <SecretAccessKey>${xml(secretAccessKey)}</SecretAccessKey>\n` +
      `      <SessionToken>${xml(sessionToken)}</SessionToken>\n` +
      `      <Expiration>${expiration}</Expiration>\n` +
      `    </Credentials>\n` +
      `    <SubjectFromWebIdentityToken>${xml(claims.sub ?? '')}</SubjectFromWebIdentityToken>\n` +
      `    <AssumedRoleUser>\n` +
      `      <Arn>${xml(arn)}</Arn>\n` +
      `      <AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${xml(session)}</AssumedRoleId>\n` +
      `    </AssumedRoleUser>\n` +
      `    <Provider>${xml(options.trust.issuer.replace(/^https?:\/\//, ''))}</Provider>\n` +
      `    <Audience>${xml(options.trust.audience)}</Audience>\n` +
      `  </AssumeRoleWithWebIdentityResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n` +
      `</AssumeRoleWithWebIdentityResponse>\n`
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      res.end(body);
    };
    try {
      if (
        req.method !== 'POST' ||
        req.url !== '/' ||
        !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')
      )
        throw new StsError(400, 'InvalidAction', 'Could not find operation for this request');
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      if (form.Action !== 'AssumeRoleWithWebIdentity' || form.Version !== '2011-06-15')
        throw new StsError(
          400,
          'InvalidAction',
          `Could not find operation ${String(form.Action)} for version ${String(form.Version)}`,
        );
      requests.push(form);
      send(200, await assume(form));
    } catch (error) {
      const e =
        error instanceof StsError ? error : new StsError(500, 'InternalFailure', String(error));
      send(
        e.status,
        `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type>\n` +
          `    <Code>${e.code}</Code>\n    <Message>${xml(e.message)}</Message>\n  </Error>\n` +
          `  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`,
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  const port = await listen(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get calls() {
      return requests.length;
    },
    requests,
    credentials: (accessKeyId) => issued.get(accessKeyId),
    close: () => close(server),
  };
}

/** Serves a directory read-only over loopback HTTP (the published issuer, as a web host would). */
export async function serveDirectory(
  dir: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.includes('..')) {
      res.writeHead(400).end();
      return;
    }
    readFile(join(dir, path)).then(
      (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => close(server) };
}

function stringLike(pattern: string, value: string): boolean {
  const re = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(value);
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
