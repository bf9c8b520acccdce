import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSigningKey,
  publishIssuer,
  type OidcIssuer,
  type SigningAlgorithm,
} from '../src/index.js';
import {
  serveDirectory,
  startFakeSts,
  type FakeSts,
  type FakeStsOptions,
} from '@strata/testkit-aws';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/strata-deploy';
export const ORG = 'acme';
export const ENVIRONMENT = 'app/dev';
export const SUBJECT = `strata:org/${ORG}:env/${ENVIRONMENT}`;
/** The execution context a host passes so aws-login knows who is opening. */
export const CONTEXT = {
  pulumi: { organization: { login: ORG }, user: { login: 'alice' } },
  rootEnvironment: { name: ENVIRONMENT },
};

export interface World {
  readonly dir: string;
  readonly issuer: OidcIssuer;
  readonly sts: FakeSts;
  close(): Promise<void>;
}

/**
 * A published Strata issuer served on loopback and a fake STS trusting it. Trust and key
 * options override the defaults (role ROLE_ARN, audience ORG, subject SUBJECT).
 */
export async function startWorld(
  overrides: {
    trust?: Partial<FakeStsOptions['trust']>;
    maxSessionDuration?: number;
    keysFromDisk?: boolean;
    alg?: SigningAlgorithm;
  } = {},
): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-aws-'));
  const site = await serveDirectory(join(dir, 'issuer'));
  const issuer: OidcIssuer = { url: site.url, key: await createSigningKey(overrides.alg) };
  await publishIssuer(issuer, join(dir, 'issuer'));
  const sts = await startFakeSts({
    trust: {
      roleArn: ROLE_ARN,
      issuer: issuer.url,
      audience: ORG,
      subject: SUBJECT,
      ...overrides.trust,
    },
    keys: overrides.keysFromDisk
      ? { jwksPath: join(dir, 'issuer', '.well-known', 'jwks.json') }
      : 'discovery',
    ...(overrides.maxSessionDuration === undefined
      ? {}
      : { maxSessionDuration: overrides.maxSessionDuration }),
  });
  return {
    dir,
    issuer,
    sts,
    async close() {
      await sts.close();
      await site.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Unwraps SecretOutput leaves for assertions, marking them `secret:<value>`. */
export function reveal(output: unknown): unknown {
  if (output !== null && typeof output === 'object') {
    if ('value' in output && output.constructor.name === 'SecretOutput')
      return `secret:${String(reveal(output.value))}`;
    return Object.fromEntries(Object.entries(output).map(([k, v]) => [k, reveal(v)]));
  }
  return output;
}
