import { StoreIoError, isNetworkErrorCode } from '@strata/core';

/** Where a failed request went, for messages that let a user find the misconfiguration. */
export interface RequestScope {
  readonly endpoint: string;
  readonly bucket: string;
  readonly operation: string;
  readonly key?: string;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_ERRORS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
]);

/** The S3 error code (`NoSuchKey`, `PreconditionFailed`) or HTTP status of an SDK error. */
export function s3ErrorCode(error: unknown): string | undefined {
  const e = error as SdkErrorShape | null;
  return typeof e?.name === 'string' ? e.name : undefined;
}

export function httpStatus(error: unknown): number | undefined {
  return (error as SdkErrorShape | null)?.$metadata?.httpStatusCode;
}

/** Turns an unexpected SDK failure into a `StoreIoError` whose message names the endpoint and bucket. */
export function describeS3Error(error: unknown, scope: RequestScope): StoreIoError {
  const e = (error ?? {}) as SdkErrorShape;
  const name = s3ErrorCode(error) ?? 'Error';
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = httpStatus(error);
  const detail = typeof e.message === 'string' && e.message !== '' ? e.message : name;
  const where = `S3 endpoint ${scope.endpoint}`;
  const target =
    scope.key === undefined ? `bucket "${scope.bucket}"` : `s3://${scope.bucket}/${scope.key}`;

  let message: string;
  if (name === 'NoSuchBucket') {
    message = `bucket "${scope.bucket}" does not exist at ${where}`;
  } else if (CREDENTIAL_ERRORS.has(name) || status === 403) {
    message = `access to bucket "${scope.bucket}" at ${where} was denied (${name}): check the credentials and their permissions`;
  } else if (
    isNetworkErrorCode(code) ||
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    (status === undefined &&
      name !== 'CredentialsProviderError' &&
      /socket|connect|network/i.test(detail))
  ) {
    message = `cannot reach ${where} (${code ?? name}): ${detail}`;
  } else {
    message = `${scope.operation} ${target} failed at ${where}${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`;
  }
  return new StoreIoError(message, { cause: error });
}
