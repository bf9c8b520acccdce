import { describe, expect, it } from 'vitest';
import { orgOfAudience } from '../../src/access/token-exchange.js';

describe('orgOfAudience', () => {
  it('reads the organization of urn:pulumi:org:<org>', () => {
    expect(orgOfAudience('urn:pulumi:org:acme')).toBe('acme');
  });

  it('answers undefined for any other audience, or one naming no organization', () => {
    expect(orgOfAudience('urn:pulumi:org:')).toBeUndefined();
    expect(orgOfAudience('')).toBeUndefined();
    expect(orgOfAudience('https://example.com')).toBeUndefined();
    expect(orgOfAudience('urn:pulumi:organization:acme')).toBeUndefined();
  });
});
