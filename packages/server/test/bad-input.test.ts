import { describe, expect, it } from 'vitest';
import { testServer } from './_server.js';

// Hostile or broken requests: each gets its status and a one-line JSON message, nothing is
// stored, and the server keeps answering.

const X = '/api/esc/environments';

describe('bad input', () => {
  it('answers every malformed request with its status and one line, and stores nothing', async () => {
    const s = await testServer({ bodyLimit: 1024 * 1024 });
    await s.request('POST', `${X}/acme`, { body: { project: 'p', name: 'e' } });
    const cases: [string, string, { body?: string; headers?: Record<string, string> }, number][] = [
      ['POST', `${X}/acme`, { body: '{"project": "p", "name": ' }, 400],
      ['POST', `${X}/acme`, { body: '{"project": 1}' }, 400],
      ['PATCH', `${X}/acme/p/e`, { body: '- just\n- a list\n' }, 400],
      ['PATCH', `${X}/acme/p/e`, { body: 'values: [unclosed\n' }, 400],
      [
        'PATCH',
        `${X}/acme/p/e`,
        { body: `values:\n  a: "${'x'.repeat(10 * 1024 * 1024)}"\n` },
        413,
      ],
      ['PATCH', `${X}/acme/p/e`, { body: 'values: {}\n', headers: { etag: 'W/"nonsense"' } }, 400],
      ['GET', '/api/nowhere', {}, 404],
      ['PUT', `${X}/acme/p/e`, {}, 404],
      // `..`, even encoded, is resolved before routing: the path names no route.
      ['GET', `${X}/acme/p/..`, {}, 404],
      ['GET', `${X}/acme/p/%2e%2e`, {}, 404],
      ['GET', `${X}/acme/p/.`, {}, 400],
      ['GET', `${X}/acme/p/a%00b`, {}, 400],
      ['GET', `${X}/acme/p/${'a'.repeat(1000)}`, {}, 414],
      ['GET', `${X}/acme/p/e/versions/99999999999999999999`, {}, 400],
      ['GET', `${X}/acme/p/e/versions/3`, {}, 404],
      [
        'POST',
        `${X}/acme/p/e/versions/tags`,
        { body: '{"name": "has space", "revision": 1}' },
        400,
      ],
      ['GET', `${X}/acme/p/e/versions?before=-1&count=2`, {}, 400],
      ['POST', `${X}/acme/p/e/open?duration=forever`, {}, 400],
      ['POST', `${X}/acme/p/e/open?duration=48h`, {}, 400],
    ];
    for (const [method, url, options, status] of cases) {
      const response = await s.request(method, url, options);
      const where = `${method} ${url.slice(0, 80)}`;
      expect(response.status, where).toBe(status);
      const body = response.json() as { code: number; message: string };
      expect(body.code, where).toBe(status);
      expect(body.message, where).toMatch(/^[^\n]{1,300}$/);
      expect(response.body, where).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    }
    const latest = await s.request('GET', `${X}/acme/p/e`);
    expect([latest.status, latest.headers['pulumi-esc-revision']]).toEqual([200, '1']);
    expect((await s.request('GET', `${X}/acme`)).json()).toEqual({
      environments: [{ organization: 'acme', project: 'p', name: 'e' }],
      nextToken: '',
    });
  });
});
