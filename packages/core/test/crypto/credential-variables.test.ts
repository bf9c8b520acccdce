import { describe, expect, it } from 'vitest';
import {
  MASTER_KEY_ENV,
  STRATA_CREDENTIAL_VARIABLES,
  isStrataCredentialVariable,
  withoutStrataCredentials,
} from '../../src/index.js';

describe('withoutStrataCredentials', () => {
  it("drops Strata's credentials and keeps everything else, the user's AWS keys included", () => {
    const env = {
      STRATA_MASTER_KEY: 'k',
      STRATA_TOKEN: 't',
      PULUMI_ACCESS_TOKEN: 'p',
      STRATA_BACKEND: 'sqlite:///x.db',
      AWS_SECRET_ACCESS_KEY: 'a',
      PATH: '/bin',
    };
    expect(withoutStrataCredentials(env, 'linux')).toEqual({
      STRATA_BACKEND: 'sqlite:///x.db',
      AWS_SECRET_ACCESS_KEY: 'a',
      PATH: '/bin',
    });
    expect(env.STRATA_MASTER_KEY).toBe('k'); // a copy
  });

  it('lists the master key variable, and matches names case-insensitively only on Windows', () => {
    expect(STRATA_CREDENTIAL_VARIABLES).toContain(MASTER_KEY_ENV);
    expect(isStrataCredentialVariable('strata_master_key', 'win32')).toBe(true);
    expect(isStrataCredentialVariable('strata_master_key', 'linux')).toBe(false);
  });
});
