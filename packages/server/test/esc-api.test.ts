import { describe, expect, it } from 'vitest';
import { testServer } from './_server.js';

// The esc CLI's request sequences (esc-api.md §4.2), with its headers, answered as it needs.

const X = '/api/esc/environments';

describe('identity', () => {
  it('answers GET /api/user as esc login validates it', async () => {
    const server = await testServer();
    const user = await server.request('GET', '/api/user');
    expect(user.status).toBe(200);
    expect(user.json()).toMatchObject({
      githubLogin: 'admin',
      organizations: [{ githubLogin: 'acme' }],
      tokenInfo: { name: 'initial admin token' },
    });
    const org = await server.request('GET', '/api/user/organizations/default');
    expect(org.json()).toEqual({ gitHubLogin: 'acme' });
  });

  it('needs a valid token everywhere but the health checks, and slows down guessing', async () => {
    const server = await testServer({ authFailures: { max: 3, windowMs: 60_000 } });
    expect((await server.request('GET', '/healthz', { token: null })).status).toBe(200);
    expect((await server.request('GET', '/readyz', { token: null })).status).toBe(200);
    const none = await server.request('GET', '/api/user', { token: null });
    expect([none.status, none.json()]).toEqual([
      401,
      { code: 401, message: 'this request needs an access token (Authorization: token <t>)' },
    ]);
    const wrong = await server.request('GET', '/api/user', {
      token: 'strata_p_0000000000000000000000000000000000AAAAAA',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain('strata_p_');
    expect((await server.request('GET', '/api/user', { token: 'nope' })).status).toBe(401);
    // The fourth attempt from the same address is refused before the token is looked at.
    const limited = await server.request('GET', '/api/user');
    expect(limited.status).toBe(429);
  });
});

describe('environments as the esc CLI uses them', () => {
  it('init, set, get, check, open and read, as esc env set/get/open do', async () => {
    const s = await testServer();
    // esc env init acme/proj/dev
    const created = await s.request('POST', `${X}/acme`, {
      body: { project: 'proj', name: 'dev' },
    });
    expect(created.status).toBe(204);
    const again = await s.request('POST', `${X}/acme`, { body: { project: 'proj', name: 'dev' } });
    expect([again.status, (again.json() as { code: number }).code]).toEqual([409, 409]);

    // esc env set: GET (empty body, ETag, revision), PATCH with the ETag echoed back
    const empty = await s.request('GET', `${X}/acme/proj/dev`);
    expect([empty.status, empty.body]).toEqual([200, '']);
    expect(empty.headers['pulumi-esc-revision']).toBe('1');
    const etag = empty.headers['etag'] as string;
    const definition = 'values:\n  greeting: hello\n  password:\n    fn::secret: hunter2\n';
    const patched = await s.request('PATCH', `${X}/acme/proj/dev`, {
      body: definition,
      headers: { etag, 'content-type': 'application/json' },
    });
    expect([patched.status, patched.json()]).toEqual([200, {}]);
    expect(patched.headers['pulumi-esc-revision']).toBe('2');
    // The same ETag again is stale: 409, nothing stored.
    const stale = await s.request('PATCH', `${X}/acme/proj/dev`, {
      body: 'values:\n  x: 1\n',
      headers: { etag },
    });
    expect(stale.status).toBe(409);

    // esc env get: the stored definition keeps the secret as ciphertext; check gives exprs
    const stored = await s.request('GET', `${X}/acme/proj/dev`);
    expect(stored.body).toContain('ciphertext');
    expect(stored.body).not.toContain('hunter2');
    const checked = await s.request('POST', `${X}/acme/yaml/check?showSecrets=false`, {
      body: stored.body,
    });
    expect(checked.status).toBe(200);
    expect(checked.json()).toMatchObject({
      exprs: { greeting: { literal: 'hello' } },
      properties: { greeting: { value: 'hello' }, password: { secret: true, unknown: true } },
    });
    const decrypted = await s.request('GET', `${X}/acme/proj/dev/decrypt`);
    expect(decrypted.body).toContain('fn::secret: hunter2');

    // esc env open: POST open?duration, GET open/{id}
    const open = await s.request('POST', `${X}/acme/proj/dev/open?duration=2h0m0s`);
    expect(open.status).toBe(200);
    const { id } = open.json() as { id: string };
    const read = await s.request('GET', `${X}/acme/proj/dev/open/${id}`);
    expect(read.json()).toMatchObject({
      properties: { greeting: { value: 'hello' }, password: { value: 'hunter2', secret: true } },
    });
    const property = await s.request('GET', `${X}/acme/proj/dev/open//${id}?property=greeting`);
    expect(property.json()).toMatchObject({ value: 'hello' });
    const unknown = await s.request('GET', `${X}/acme/proj/dev/open/${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
  });

  it('refuses a definition with errors with esc diagnostics, and stores nothing', async () => {
    const s = await testServer();
    await s.request('POST', `${X}/acme`, { body: { project: 'p', name: 'e' } });
    const bad = await s.request('PATCH', `${X}/acme/p/e`, { body: 'values:\n  a: ${nope}\n' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 400,
      diagnostics: [
        {
          summary: 'unknown property "nope"',
          severity: 'error',
          range: { environment: 'acme/p/e', begin: { line: 2, column: 8 } },
        },
      ],
    });
    expect((await s.request('GET', `${X}/acme/p/e`)).headers['pulumi-esc-revision']).toBe('1');
    const check = await s.request('POST', `${X}/acme/yaml/check?showSecrets=false`, {
      body: 'values:\n  a: ${bad_ref}\n',
    });
    expect([check.status, (check.json() as { code: number }).code]).toEqual([400, 400]);
  });

  it('lists revisions newest first and ends pages with []', async () => {
    const s = await testServer();
    await s.request('POST', `${X}/acme`, { body: { project: 'p', name: 'e' } });
    for (let i = 1; i <= 3; i++)
      await s.request('PATCH', `${X}/acme/p/e`, { body: `values:\n  n: ${i}\n` });
    const first = await s.request('GET', `${X}/acme/p/e/versions?before=0&count=2`);
    expect((first.json() as { number: number }[]).map((r) => r.number)).toEqual([4, 3]);
    const second = await s.request('GET', `${X}/acme/p/e/versions?before=3&count=2`);
    expect((second.json() as { number: number }[]).map((r) => r.number)).toEqual([2, 1]);
    const last = await s.request('GET', `${X}/acme/p/e/versions?before=1&count=2`);
    expect(last.json()).toEqual([]);
    const at2 = await s.request('GET', `${X}/acme/p/e/versions/2`);
    expect([at2.body, at2.headers['pulumi-esc-revision']]).toEqual(['values:\n  n: 1\n', '2']);
  });

  it('moves revision tags as esc env version tag does (PATCH, 404, then POST)', async () => {
    const s = await testServer();
    await s.request('POST', `${X}/acme`, { body: { project: 'p', name: 'e' } });
    await s.request('PATCH', `${X}/acme/p/e`, { body: 'values:\n  n: 1\n' });
    const latest = await s.request('GET', `${X}/acme/p/e/versions/tags/latest`);
    expect(latest.json()).toMatchObject({ name: 'latest', revision: 2 });
    const patch = await s.request('PATCH', `${X}/acme/p/e/versions/tags/stable`, {
      body: { revision: 2 },
    });
    expect([patch.status, (patch.json() as { code: number }).code]).toEqual([404, 404]);
    const post = await s.request('POST', `${X}/acme/p/e/versions/tags`, {
      body: { name: 'stable', revision: 2 },
    });
    expect(post.status).toBe(204);
    const moved = await s.request('PATCH', `${X}/acme/p/e/versions/tags/stable`, {
      body: { revision: 1 },
    });
    expect(moved.status).toBe(204);
    const list = await s.request('GET', `${X}/acme/p/e/versions/tags?after=&count=500`);
    expect((list.json() as { tags: { name: string; revision: number }[] }).tags).toMatchObject([
      { name: 'latest', revision: 2 },
      { name: 'stable', revision: 1 },
    ]);
    const atTag = await s.request('GET', `${X}/acme/p/e/versions/stable`);
    expect(atTag.headers['pulumi-esc-revision']).toBe('1');
    expect((await s.request('DELETE', `${X}/acme/p/e/versions/tags/stable`)).status).toBe(204);
  });

  it('keeps environment tags, settings, clones and deletes', async () => {
    const s = await testServer();
    await s.request('POST', `${X}/acme`, { body: { project: 'p', name: 'e' } });
    const tag = await s.request('POST', `${X}/acme/p/e/tags`, {
      body: { name: 'owner', value: 'alice' },
    });
    expect(tag.json()).toMatchObject({ name: 'owner', value: 'alice', editorLogin: 'admin' });
    const renamed = await s.request('PATCH', `${X}/acme/p/e/tags/owner`, {
      body: { currentTag: { name: '', value: 'alice' }, newTag: { name: 'team', value: '' } },
    });
    expect(renamed.json()).toMatchObject({ name: 'team', value: 'alice' });
    const tags = await s.request('GET', `${X}/acme/p/e/tags?after=&count=`);
    expect(Object.keys((tags.json() as { tags: object }).tags)).toEqual(['team']);

    await s.request('PATCH', `${X}/acme/p/e/settings`, { body: { deletionProtected: true } });
    expect((await s.request('GET', `${X}/acme/p/e/settings`)).json()).toEqual({
      deletionProtected: true,
    });
    expect((await s.request('DELETE', `${X}/acme/p/e`)).status).toBe(400);

    const clone = await s.request('POST', `${X}/acme/p/e/clone`, {
      body: { project: 'p', name: 'copy', preserveEnvironmentTags: true },
    });
    expect(clone.status).toBe(204);
    const listed = await s.request('GET', `${X}/acme`);
    expect(listed.json()).toEqual({
      environments: [
        { organization: 'acme', project: 'p', name: 'copy' },
        { organization: 'acme', project: 'p', name: 'e' },
      ],
      nextToken: '',
    });
    expect((await s.request('DELETE', `${X}/acme/p/copy`)).status).toBe(204);
    expect((await s.request('GET', `${X}/acme/p/copy`)).status).toBe(404);
  });

  it('hides another organization’s environments behind the same 404 as a missing one', async () => {
    const s = await testServer();
    await s.accounts.createUser('mallory', 'Mallory');
    await s.accounts.createOrg('other', 'mallory');
    const { token } = await s.accounts.createToken({ login: 'mallory', name: 't', by: 'mallory' });
    await s.request('POST', `${X}/acme`, { body: { project: 'p', name: 'e' } });
    const hidden = await s.request('GET', `${X}/acme/p/e`, { token });
    const missing = await s.request('GET', `${X}/acme/p/nope`);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect((await s.request('GET', `${X}`, { token })).json()).toEqual({
      environments: [],
      nextToken: '',
    });
  });
});
