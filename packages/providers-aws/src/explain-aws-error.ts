import { isNetworkErrorCode } from '@strata/core';

/** What a provider was reading when AWS failed, for an error that says what to fix. */
export interface AwsReadAttempt {
  /** `aws-secrets`, `aws-parameter-store`. */
  readonly provider: string;
  /** `secret "prod/db"`, `parameter "/app/url"`. */
  readonly what: string;
  /** Where it is asked for in the definition: `get.db`. */
  readonly at: string;
  readonly region: string;
  /** Whose credentials: `role arn:aws:iam::...`. */
  readonly identity: string;
  /** The IAM action the call needs: `secretsmanager:GetSecretValue`. */
  readonly action: string;
  /** The resource to allow it on (an ARN, with wildcards where AWS adds a suffix). */
  readonly resource: string;
  /** The service's KMS-via name for key policies: `secretsmanager.us-east-1.amazonaws.com`. */
  readonly viaService: string;
  /** Where requests went, and the variable that moves them. */
  readonly endpoint: string;
  readonly endpointVariable: string;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
]);

const KMS_CODES = new Set([
  'DecryptionFailure',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'InvalidKeyId',
]);

const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'ParameterNotFound',
  'ParameterVersionNotFound',
]);

/** AWS's error code for an SDK error, or `Network` when no answer came. */
export function awsErrorCode(error: unknown): string {
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  if (isNetworkErrorCode(e.code)) return 'Network';
  if (e.name === 'TimeoutError') return 'Network';
  const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : '';
  return name === '' || name === 'Error' ? 'Unknown' : name;
}

/** What kind of failure an AWS error is, for choosing the fix. */
export type AwsFailure =
  'not-found' | 'kms' | 'access-denied' | 'throttled' | 'credentials' | 'network' | 'other';

export function classifyAwsError(error: unknown): AwsFailure {
  const code = awsErrorCode(error);
  const message = error instanceof Error ? error.message : '';
  if (code === 'Network') return 'network';
  if (NOT_FOUND.has(code)) return 'not-found';
  if (KMS_CODES.has(code) || (/AccessDenied/.test(code) && /\bkms:/i.test(message))) return 'kms';
  if (/^AccessDenied/.test(code)) return 'access-denied';
  if (THROTTLING.has(code)) return 'throttled';
  if (BAD_CREDENTIALS.has(code)) return 'credentials';
  return 'other';
}

/** One line: what was read, where, as whom, what AWS said, and the likely fix. */
export function explainAwsError(error: unknown, attempt: AwsReadAttempt): string {
  const code = awsErrorCode(error);
  const awsMessage = (error instanceof Error ? error.message : String(error))
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\.$/, '');
  const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  let fix: string;
  switch (classifyAwsError(error)) {
    case 'not-found':
      fix =
        `check the name (or ARN), its version and the region: AWS keeps ${attempt.what.split(' ')[0]}s ` +
        `per region, and ${attempt.region} has none by that name`;
      break;
    case 'kms':
      fix =
        `the KMS key that encrypts it must let ${attempt.identity} use kms:Decrypt: allow it in the ` +
        `key policy or the role's policy (with kms:ViaService = ${attempt.viaService})`;
      break;
    case 'access-denied':
      fix = `allow ${attempt.action} on ${attempt.resource} in the policy of ${attempt.identity}`;
      break;
    case 'throttled':
      fix =
        `AWS throttled the calls${attempts === undefined ? '' : ` (${attempts} attempts)`}: open ` +
        `again in a moment, read fewer values per open, or ask AWS to raise the quota`;
      break;
    case 'credentials':
      fix =
        `AWS refused the login's credentials (invalid or expired): open the environment again so ` +
        `aws-login issues new ones, or check the static keys`;
      break;
    case 'network':
      fix = `${attempt.endpoint} could not be reached: check the network, the region and ${attempt.endpointVariable}`;
      break;
    default:
      fix = /deletion/i.test(awsMessage)
        ? `it is scheduled for deletion: restore it (aws secretsmanager restore-secret) or stop reading it`
        : `see AWS's message`;
  }
  const said =
    code === 'Network'
      ? `no answer (${awsMessage})`
      : awsMessage === ''
        ? code
        : `${code}: ${awsMessage}`;
  return `${attempt.provider}: cannot read ${attempt.what} (${attempt.at}) in ${attempt.region} as ${attempt.identity}: ${said}. Fix: ${fix}`;
}
