import type { ExecutionContext, PlainValue } from '@strata/core';

/** Who is opening: the org and the `project/env` name of the root environment. */
export interface OpenIdentity {
  readonly org: string;
  /** `project/env` (or a bare `env` for single-project setups). */
  readonly environment: string;
}

/**
 * The `sub` claim. By default `strata:org/<org>:env/<project>/<env>`. With subject attributes,
 * `strata:org/<org>` followed by `:<attribute>/<value>` for each one, in the order given; an
 * attribute is a dotted path into the execution context (`rootEnvironment.name`,
 * `currentEnvironment.name`, `pulumi.user.login`, ...) whose value must be a string.
 */
export function buildSubject(
  identity: OpenIdentity,
  subjectAttributes: readonly string[] | undefined,
  context: ExecutionContext,
): string {
  const head = `strata:org/${identity.org}`;
  if (subjectAttributes === undefined || subjectAttributes.length === 0)
    return `${head}:env/${identity.environment}`;
  const parts = subjectAttributes.map((attribute) => {
    const value =
      attribute === 'rootEnvironment.name' ? identity.environment : lookup(context, attribute);
    if (typeof value !== 'string')
      throw new Error(
        `aws-login: subject attribute ${JSON.stringify(attribute)} is not a string in the execution context; use e.g. rootEnvironment.name, currentEnvironment.name or pulumi.user.login`,
      );
    return `:${attribute}/${value}`;
  });
  return head + parts.join('');
}

function lookup(context: ExecutionContext, path: string): PlainValue | undefined {
  let current: PlainValue | undefined = context;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as { readonly [key: string]: PlainValue })[key];
  }
  return current;
}

/**
 * Reads the opener's identity from the execution context the host passes to the evaluator:
 * `pulumi.organization.login` and `rootEnvironment.name` (`project/env`, or `org/project/env`
 * whose org part is dropped). Explicit values win.
 */
export function identityFromContext(
  context: ExecutionContext,
  fallback: Partial<OpenIdentity> = {},
): OpenIdentity {
  const org = fallback.org ?? lookup(context, 'pulumi.organization.login');
  let environment = fallback.environment ?? lookup(context, 'rootEnvironment.name');
  if (typeof org !== 'string' || org === '')
    throw new Error(
      'aws-login: no organization to put in the token subject; the host must pass context.pulumi.organization.login (or the org option)',
    );
  if (typeof environment !== 'string' || environment === '')
    throw new Error(
      'aws-login: no environment name to put in the token subject; the host must pass context.rootEnvironment.name (or the environment option)',
    );
  const parts = environment.split('/');
  if (parts.length === 3 && parts[0] === org) environment = parts.slice(1).join('/');
  return { org, environment };
}
