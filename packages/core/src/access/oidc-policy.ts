// Authorization policies of an OIDC issuer (access-control.md §3.3): which ID tokens may be
// exchanged for which Strata token. A policy names a token type (and its team or user), rules that
// match the ID token's claims with ESC's wildcards, and a decision; deny always wins, and an issuer
// with no matching allow grants nothing.

import { InvalidArgumentError } from '../errors.js';

export type ExchangeTokenType = 'organization' | 'team' | 'personal';

export interface AuthPolicy {
  readonly decision: 'allow' | 'deny';
  readonly tokenType: ExchangeTokenType;
  /** For `team`: the team (wildcards allowed). */
  readonly teamName?: string;
  /** For `personal`: the user (wildcards allowed). */
  readonly userLogin?: string;
  /**
   * For `organization`: the roles it may grant, `admin` and/or `standard` (a member); `standard`
   * when absent.
   */
  readonly authorizedPermissions?: readonly ('admin' | 'standard')[];
  /** Claim path (`sub`, `"kubernetes.io".pod.name`) to pattern; every rule must match. */
  readonly rules: Readonly<Record<string, string>>;
}

/** What an exchange asks for. */
export interface ExchangeTarget {
  readonly tokenType: ExchangeTokenType;
  readonly team?: string;
  readonly user?: string;
  /** For an organization token: `admin` or `standard`. */
  readonly permission?: 'admin' | 'standard';
}

export type PolicyDecision = 'allow' | 'deny' | 'none';

/** Deny if any matching policy denies, allow if one allows, none otherwise. */
export function decideExchange(
  policies: readonly AuthPolicy[],
  target: ExchangeTarget,
  claims: Readonly<Record<string, unknown>>,
): PolicyDecision {
  let decision: PolicyDecision = 'none';
  for (const policy of policies) {
    if (!appliesTo(policy, target) || !rulesMatch(policy.rules, claims)) continue;
    if (policy.decision === 'deny') return 'deny';
    decision = 'allow';
  }
  return decision;
}

function appliesTo(policy: AuthPolicy, target: ExchangeTarget): boolean {
  if (policy.tokenType !== target.tokenType) return false;
  switch (target.tokenType) {
    case 'team':
      return policy.teamName !== undefined && matchesPattern(policy.teamName, target.team ?? '');
    case 'personal':
      return policy.userLogin !== undefined && matchesPattern(policy.userLogin, target.user ?? '');
    case 'organization':
      // A deny of an organization token denies it whatever the role asked for.
      return (
        policy.decision === 'deny' ||
        (policy.authorizedPermissions ?? ['standard']).includes(target.permission ?? 'standard')
      );
  }
}

function rulesMatch(
  rules: Readonly<Record<string, string>>,
  claims: Readonly<Record<string, unknown>>,
): boolean {
  return Object.entries(rules).every(([path, pattern]) => {
    const value = claimAt(claims, parseClaimPath(path));
    const candidates = Array.isArray(value) ? (value as unknown[]) : [value];
    return candidates.some(
      (candidate) =>
        (typeof candidate === 'string' ||
          typeof candidate === 'number' ||
          typeof candidate === 'boolean') &&
        matchesPattern(pattern, String(candidate)),
    );
  });
}

/**
 * ESC's claim patterns: `*` matches any run of characters, `?` zero or one character, `.` exactly
 * one; everything else itself. The whole value must match.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]?';
    else if (char === '.') source += '[\\s\\S]';
    else source += char.replace(/[\\^$+()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u').test(value);
}

/** `a.b` → [a, b]; `"kubernetes.io".pod` → [kubernetes.io, pod]. */
export function parseClaimPath(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    let segment: string;
    if (path[i] === '"') {
      const end = path.indexOf('"', i + 1);
      if (end < 0) throw new InvalidArgumentError(`invalid claim path ${JSON.stringify(path)}`);
      segment = path.slice(i + 1, end);
      i = end + 1;
    } else {
      const end = path.indexOf('.', i);
      segment = path.slice(i, end < 0 ? path.length : end);
      i = end < 0 ? path.length : end;
    }
    if (segment === '')
      throw new InvalidArgumentError(`invalid claim path ${JSON.stringify(path)}`);
    segments.push(segment);
    if (i < path.length) {
      if (path[i] !== '.')
        throw new InvalidArgumentError(`invalid claim path ${JSON.stringify(path)}`);
      i++;
      if (i === path.length)
        throw new InvalidArgumentError(`invalid claim path ${JSON.stringify(path)}`);
    }
  }
  if (segments.length === 0) throw new InvalidArgumentError('a claim path may not be empty');
  return segments;
}

function claimAt(claims: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = claims;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Checks policies as an admin writes them; throws InvalidArgumentError naming the first fault. */
export function checkPolicies(policies: readonly AuthPolicy[]): void {
  policies.forEach((policy, i) => {
    const fault = (what: string) => new InvalidArgumentError(`policy ${i + 1}: ${what}`);
    if (policy.decision !== 'allow' && policy.decision !== 'deny')
      throw fault('decision must be allow or deny');
    if (!['organization', 'team', 'personal'].includes(policy.tokenType))
      throw fault('tokenType must be organization, team or personal');
    if (policy.tokenType === 'team' && !policy.teamName)
      throw fault('a team policy needs teamName');
    if (policy.tokenType === 'personal' && !policy.userLogin)
      throw fault('a personal policy needs userLogin');
    for (const permission of policy.authorizedPermissions ?? [])
      if (permission !== 'admin' && permission !== 'standard')
        throw fault('authorizedPermissions holds admin or standard');
    for (const [path, pattern] of Object.entries(policy.rules)) {
      try {
        parseClaimPath(path);
      } catch (error) {
        throw fault((error as Error).message);
      }
      if (typeof pattern !== 'string') throw fault(`the rule of ${path} must be a string`);
    }
  });
}
