// Signature Version 4, checked the way AWS checks it: the fakes recompute the signature of each
// request from the secret key they know for its access key, so a test proves the SDK signed with
// the credentials it was given (and not whatever the machine has).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AwsFault } from './aws-fault.js';

/** Credentials a fake accepts, by access key ID. */
export interface KnownCredentials {
  readonly secretAccessKey: string;
  /** Required in `x-amz-security-token` when set (temporary credentials). */
  readonly sessionToken?: string | undefined;
  /** ISO-8601; requests after it fail with ExpiredTokenException. */
  readonly expiration?: string | undefined;
  /** Who the caller is, for AccessDenied messages (`arn:aws:sts::...:assumed-role/...`). */
  readonly arn?: string | undefined;
}

/** Finds the credentials of an access key ID; undefined when AWS would not know it. */
export type CredentialLookup = (accessKeyId: string) => KnownCredentials | undefined;

/** A lookup over fixed keys: `{ AKIDEXAMPLE: 'secret' }`. */
export function staticCredentials(keys: Readonly<Record<string, string>>): CredentialLookup {
  return (accessKeyId) => {
    const secretAccessKey = keys[accessKeyId];
    return secretAccessKey === undefined ? undefined : { secretAccessKey };
  };
}

/** What the Authorization header says about the caller. */
export interface SignedCaller {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  readonly arn: string | undefined;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Reads the caller from a request and, when `lookup` is given, verifies its signature over
 * `body`. Throws the AWS fault a real endpoint answers with.
 */
export function verifySignature(
  req: IncomingMessage,
  body: Buffer,
  lookup: CredentialLookup | undefined,
): SignedCaller {
  const match = AUTH.exec(String(req.headers.authorization ?? ''));
  if (match === null)
    throw new AwsFault(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (lookup === undefined) return { accessKeyId, region, service, arn: undefined };

  const known = lookup(accessKeyId);
  if (known === undefined)
    throw new AwsFault(
      400,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  const token = req.headers['x-amz-security-token'];
  if (known.sessionToken !== undefined && token !== known.sessionToken)
    throw new AwsFault(
      400,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  if (known.expiration !== undefined && Date.parse(known.expiration) <= Date.now())
    throw new AwsFault(
      400,
      'ExpiredTokenException',
      'The security token included in the request is expired',
    );

  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${headerValue(req, name)}\n`).join('');
  const url = new URL(req.url ?? '/', 'http://x');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    req.method ?? 'POST',
    url.pathname,
    query,
    canonicalHeaders,
    signedHeaders,
    createHash('sha256').update(body).digest('hex'),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key = hmac(`AWS4${known.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(toSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AwsFault(
      400,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  return { accessKeyId, region, service, arn: known.arn };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function headerValue(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value.join(',') : String(value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
