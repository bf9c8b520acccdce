import { describe, expect, it } from 'vitest';
import {
  checkPolicies,
  decideExchange,
  matchesPattern,
  parseClaimPath,
  type AuthPolicy,
} from '../../src/access/oidc-policy.js';

const github = {
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'urn:pulumi:org:acme',
  sub: 'repo:acme/payments:ref:refs/heads/main',
  repository: 'acme/payments',
  'kubernetes.io': { pod: { name: 'runner-7' } },
  groups: ['ci', 'deploy'],
};

const allowPayments: AuthPolicy = {
  decision: 'allow',
  tokenType: 'team',
  teamName: 'payments',
  rules: { aud: 'urn:pulumi:org:acme', sub: 'repo:acme/payments:*' },
};

describe('claim patterns', () => {
  it('match with ESC wildcards: * any run, ? zero or one, . exactly one', () => {
    expect(matchesPattern('repo:acme/*', 'repo:acme/payments:ref:x')).toBe(true);
    expect(matchesPattern('repo:acme/*', 'repo:other/x')).toBe(false);
    expect(matchesPattern('v?1', 'v1')).toBe(true);
    expect(matchesPattern('v?1', 'vx1')).toBe(true);
    expect(matchesPattern('v?1', 'vxy1')).toBe(false);
    expect(matchesPattern('run.', 'run7')).toBe(true);
    expect(matchesPattern('run.', 'run')).toBe(false);
    // Everything else is itself, regular-expression characters included.
    expect(matchesPattern('a+b(c)[d]{e}|f^$', 'a+b(c)[d]{e}|f^$')).toBe(true);
    expect(matchesPattern('a+b', 'aab')).toBe(false);
  });

  it('reach nested claims, with quoted keys holding dots', () => {
    expect(parseClaimPath('"kubernetes.io".pod.name')).toEqual(['kubernetes.io', 'pod', 'name']);
    expect(() => parseClaimPath('a..b')).toThrow('invalid claim path');
    expect(() => parseClaimPath('"open')).toThrow('invalid claim path');
    const policy = { ...allowPayments, rules: { '"kubernetes.io".pod.name': 'runner-*' } };
    expect(decideExchange([policy], { tokenType: 'team', team: 'payments' }, github)).toBe('allow');
  });
});

describe('exchange policies', () => {
  const team = { tokenType: 'team', team: 'payments' } as const;

  it('grant nothing by default', () => {
    expect(decideExchange([], team, github)).toBe('none');
  });

  it('allow when every rule matches, for their own token type and team only', () => {
    expect(decideExchange([allowPayments], team, github)).toBe('allow');
    expect(decideExchange([allowPayments], { tokenType: 'team', team: 'identity' }, github)).toBe(
      'none',
    );
    expect(decideExchange([allowPayments], { tokenType: 'personal', user: 'jane' }, github)).toBe(
      'none',
    );
    const otherRepo = { ...github, sub: 'repo:acme/identity:ref:refs/heads/main' };
    expect(decideExchange([allowPayments], team, otherRepo)).toBe('none');
    // A missing claim matches no rule; a list claim matches when one element does.
    expect(decideExchange([{ ...allowPayments, rules: { env: '*' } }], team, github)).toBe('none');
    expect(decideExchange([{ ...allowPayments, rules: { groups: 'deploy' } }], team, github)).toBe(
      'allow',
    );
  });

  it('let a deny win over any allow, whatever the order', () => {
    const deny: AuthPolicy = {
      decision: 'deny',
      tokenType: 'team',
      teamName: '*',
      rules: { sub: '*:ref:refs/heads/main' },
    };
    expect(decideExchange([allowPayments, deny], team, github)).toBe('deny');
    expect(decideExchange([deny, allowPayments], team, github)).toBe('deny');
  });

  it('give an admin organization token only where a policy authorizes admin', () => {
    const standard: AuthPolicy = { decision: 'allow', tokenType: 'organization', rules: {} };
    const admin = { ...standard, authorizedPermissions: ['admin'] as const };
    const asAdmin = { tokenType: 'organization', permission: 'admin' } as const;
    const asMember = { tokenType: 'organization', permission: 'standard' } as const;
    expect(decideExchange([standard], asMember, github)).toBe('allow');
    expect(decideExchange([standard], asAdmin, github)).toBe('none');
    expect(decideExchange([admin], asAdmin, github)).toBe('allow');
  });

  it('are checked as an admin writes them', () => {
    expect(() => checkPolicies([{ ...allowPayments, teamName: undefined }])).toThrow(
      'policy 1: a team policy needs teamName',
    );
    expect(() =>
      checkPolicies([allowPayments, { ...allowPayments, decision: 'maybe' as 'allow' }]),
    ).toThrow('policy 2: decision must be allow or deny');
    expect(() => checkPolicies([{ ...allowPayments, rules: { 'a..b': 'x' } }])).toThrow(
      'policy 1: invalid claim path',
    );
  });
});
