import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { OidcIssuer } from './issuer.js';
import { signIdentityToken } from './sign-token.js';

/** What the provider asks a token source for. External sources may ignore it. */
export interface TokenRequest {
  readonly audience: string;
  readonly subject: string;
}

/** Produces the web identity token sent to STS. */
export interface TokenSource {
  /** The issuer URL when known up front (for error messages; tokens are decoded otherwise). */
  readonly issuer?: string | undefined;
  token(request: TokenRequest): Promise<string>;
}

/** Strata signs the token itself (the issuer must be published where AWS can fetch it). */
export function issuerTokenSource(issuer: OidcIssuer, lifetimeSeconds?: number): TokenSource {
  return {
    issuer: issuer.url,
    token: (request) =>
      signIdentityToken(issuer, {
        audience: request.audience,
        subject: request.subject,
        ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
      }),
  };
}

/** Reads the token from a file on every login, as `AWS_WEB_IDENTITY_TOKEN_FILE` does. */
export function fileTokenSource(path: string): TokenSource {
  return {
    async token() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new Error(
          `aws-login: cannot read the web identity token file ${path}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      const token = text.trim();
      if (token === '') throw new Error(`aws-login: the web identity token file ${path} is empty`);
      return token;
    },
  };
}

/**
 * Runs a command (no shell: program then arguments) and takes its trimmed stdout as the token.
 * The request is offered in `STRATA_OIDC_AUDIENCE` and `STRATA_OIDC_SUBJECT`.
 */
export function commandTokenSource(
  command: readonly [string, ...string[]],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): TokenSource {
  const [program, ...args] = command;
  return {
    token: (request) =>
      new Promise((resolve, reject) => {
        execFile(
          program,
          args,
          {
            timeout: options.timeoutMs ?? 30_000,
            env: {
              ...(options.env ?? process.env),
              STRATA_OIDC_AUDIENCE: request.audience,
              STRATA_OIDC_SUBJECT: request.subject,
            },
          },
          (error, stdout, stderr) => {
            if (error) {
              const detail = String(stderr).trim().split('\n')[0] ?? '';
              reject(
                new Error(
                  `aws-login: the token command ${program} failed${detail === '' ? '' : `: ${detail}`}`,
                  { cause: error },
                ),
              );
              return;
            }
            const token = String(stdout).trim();
            if (token === '')
              reject(new Error(`aws-login: the token command ${program} printed nothing`));
            else resolve(token);
          },
        );
      }),
  };
}

/** `AWS_WEB_IDENTITY_TOKEN_FILE` from the environment, when set. */
export function tokenSourceFromEnv(env: NodeJS.ProcessEnv = process.env): TokenSource | undefined {
  const file = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  return file === undefined || file === '' ? undefined : fileTokenSource(file);
}
