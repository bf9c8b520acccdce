import { awsErrorCode } from './explain-aws-error.js';

/** What was sent to STS, for error messages. */
export interface LoginAttempt {
  readonly roleArn: string;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  readonly subject: string | undefined;
  readonly durationSeconds: number;
  readonly endpoint: string | undefined;
}

/** Thrown by aws-login: one line naming what was sent and what to fix. `code` is STS's. */
export class AwsLoginError extends Error {
  override readonly name = 'AwsLoginError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** STS's error code for an SDK error, or `Network` when no answer came. */
export function stsErrorCode(error: unknown): string {
  const code = awsErrorCode(error);
  // The SDK names modelled errors `<Code>Exception` (InvalidIdentityToken → ...Exception).
  if (code === 'InvalidIdentityTokenException') return 'InvalidIdentityToken';
  if (code === 'ExpiredToken') return 'ExpiredTokenException';
  if (code === 'AccessDeniedException') return 'AccessDenied';
  return code;
}

/** Turns an STS failure into an error that names the request and the likely fix. */
export function explainStsError(error: unknown, attempt: LoginAttempt): AwsLoginError {
  const code = stsErrorCode(error);
  const stsMessage =
    error instanceof Error ? error.message.trim().replace(/\s+/g, ' ') : String(error);
  const sent =
    `role ${attempt.roleArn}, issuer ${show(attempt.issuer)}, ` +
    `audience ${show(attempt.audience)}, subject ${show(attempt.subject)}`;
  const host = providerHost(attempt.issuer);
  let hint: string;
  switch (code) {
    case 'AccessDenied':
      hint =
        `the role's trust policy does not let this token assume it: it needs Principal ` +
        `{"Federated": "arn:aws:iam::<account>:oidc-provider/${host}"}, Action ` +
        `sts:AssumeRoleWithWebIdentity, and conditions "${host}:aud" = ${show(attempt.audience)} ` +
        `and "${host}:sub" = ${show(attempt.subject)} (StringLike for wildcards)`;
      break;
    case 'InvalidIdentityToken':
      hint =
        `check that an IAM OIDC identity provider exists for ${show(attempt.issuer)} with audience ` +
        `(client ID) ${show(attempt.audience)}, and that the published discovery document and ` +
        `JWKS are reachable and current (re-run \`strata oidc publish\` after changing the key)`;
      break;
    case 'ExpiredTokenException':
      hint =
        `the identity token expired before STS checked it: check this machine's clock, or ` +
        `produce a fresh token (token file or command) before opening`;
      break;
    case 'ValidationError':
      hint = /duration/i.test(stsMessage)
        ? `the requested duration (${attempt.durationSeconds}s) exceeds the role's maximum session ` +
          `duration: lower oidc.duration or raise the role's MaxSessionDuration (up to 12h)`
        : `check the aws-login inputs (roleArn, sessionName, duration, policyArns)`;
      break;
    case 'Network':
      hint =
        `STS at ${attempt.endpoint ?? 'the default regional endpoint'} could not be reached: ` +
        `check the network, the region, and AWS_ENDPOINT_URL_STS`;
      break;
    default:
      hint = `see the STS message above`;
  }
  const what = code === 'Network' ? 'could not reach STS' : `STS refused (${code}: ${stsMessage})`;
  return new AwsLoginError(
    `aws-login: AssumeRoleWithWebIdentity ${what}; sent ${sent}. Fix: ${hint}`,
    code,
    { cause: error },
  );
}

function show(value: string | undefined): string {
  return value === undefined ? '(unknown)' : JSON.stringify(value);
}

/** The IAM provider name for an issuer URL: host and path without the scheme. */
function providerHost(issuer: string | undefined): string {
  if (issuer === undefined) return '<issuer host>';
  return issuer.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
