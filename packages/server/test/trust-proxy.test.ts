import { describe, expect, it } from 'vitest';
import { testServer } from './_server.js';

// Behind a reverse proxy every request comes from the proxy's address: the failed-authentication
// limit must see the client's (X-Forwarded-For), but only when the proxy is trusted.

const WRONG = 'strata_p_0000000000000000000000000000000000AAAAAA';
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe('a server behind a reverse proxy', () => {
  it('limits failed logins per client address when it trusts the proxy', async () => {
    const s = await testServer({
      authFailures: { max: 2, windowMs: 60_000 },
      trustProxy: ['127.0.0.1'],
    });
    for (let i = 0; i < 2; i++)
      expect(
        (await s.request('GET', '/api/user', { token: WRONG, ...from('203.0.113.7') })).status,
      ).toBe(401);
    expect((await s.request('GET', '/api/user', from('203.0.113.7'))).status).toBe(429);
    // Another client behind the same proxy is not locked out by the first one's failures.
    expect((await s.request('GET', '/api/user', from('198.51.100.9'))).status).toBe(200);
  });

  it('ignores X-Forwarded-For from an untrusted peer, so a forged header does not reset the limit', async () => {
    const s = await testServer({ authFailures: { max: 2, windowMs: 60_000 } });
    for (let i = 0; i < 2; i++)
      expect(
        (await s.request('GET', '/api/user', { token: WRONG, ...from(`192.0.2.${i}`) })).status,
      ).toBe(401);
    expect((await s.request('GET', '/api/user', from('192.0.2.99'))).status).toBe(429);
  });
});
