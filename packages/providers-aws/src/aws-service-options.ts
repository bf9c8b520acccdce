import { LoginDirectory } from './login-directory.js';
import { nonEmpty } from './non-empty.js';

/** Settings the providers that read AWS with aws-login's credentials share. */
export interface AwsServiceOptions {
  /** Environment variables to read endpoints from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** SDK attempts per call (default: the SDK's 3). */
  readonly maxAttempts?: number | undefined;
  /** Calls in flight at once per open (default 16). */
  readonly concurrency?: number | undefined;
  /** Who the credentials belong to, as aws-login recorded it (names the role in errors). */
  readonly logins?: LoginDirectory | undefined;
  /** The clock expirations are checked against. */
  readonly now?: (() => Date) | undefined;
}

export const DEFAULT_CONCURRENCY = 16;

/**
 * The settings of a provider reading one AWS service with defaults filled in; its endpoint from
 * `options.endpoint`, else the service's `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`.
 */
export function resolveServiceOptions(
  options: AwsServiceOptions & { readonly endpoint?: string | undefined },
  endpointVariable: string,
) {
  const env = options.env ?? process.env;
  return {
    endpoint:
      options.endpoint ?? nonEmpty(env[endpointVariable]) ?? nonEmpty(env['AWS_ENDPOINT_URL']),
    logins: options.logins ?? new LoginDirectory(),
    now: options.now ?? (() => new Date()),
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
  };
}
