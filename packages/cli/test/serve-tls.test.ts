import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBinary } from './_helpers.js';
import { startServe, type ServeProcess } from './_serve.js';

// `strata serve --tls-cert --tls-key` serves HTTPS itself; the CLI logs in over it, trusting the
// certificate through NODE_EXTRA_CA_CERTS as any Node program would.

describe('strata serve over TLS', () => {
  let server: ServeProcess;
  let env: Record<string, string>;
  let token: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    await ensureBuilt();
    const sandbox = await makeSandbox();
    cleanup = sandbox.cleanup;
    const cert = join(sandbox.dir, 'cert.pem');
    const key = join(sandbox.dir, 'key.pem');
    // A self-signed certificate for 127.0.0.1 (openssl ships with every Debian).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=strata-test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    env = { ...sandbox.env, NODE_EXTRA_CA_CERTS: cert };
    server = await startServe(
      [
        '--backend',
        `sqlite://${join(sandbox.dir, 'envs.db')}`,
        '--tls-cert',
        cert,
        '--tls-key',
        key,
        '--init-admin',
        'admin',
        '--org',
        'acme',
      ],
      env,
    );
    token = server.stdout().trim().split('\n')[0]!;
  }, 120_000);

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await cleanup?.();
  });

  it('answers HTTPS, and the CLI logs in and works through it', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const strata = (args: string[]) => runBinary(args, env);
    const login = await strata(['login', server.url, '--token', token]);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const whoami = await strata(['whoami']);
    expect(whoami.stdout).toContain(`Server: ${server.url}`);
    expect(whoami.stdout).toContain('User: admin');
    expect((await strata(['env', 'init', 'acme/app/dev'])).code).toBe(0);
    expect((await strata(['env', 'set', 'acme/app/dev', 'greeting', 'hello'])).code).toBe(0);
    const got = await strata(['env', 'get', 'acme/app/dev', 'greeting', '--value', 'string']);
    expect(got.stdout).toBe('hello\n');
  });

  it('does not answer plain HTTP on its port', async () => {
    const plain = server.url.replace('https://', 'http://');
    await expect(fetch(`${plain}/healthz`)).rejects.toThrow();
  });

  it('is refused by a client that does not trust its certificate', async () => {
    const { NODE_EXTRA_CA_CERTS: _trusted, ...untrusting } = env;
    const login = await runBinary(['login', server.url, '--token', token], untrusting);
    expect(login.code).not.toBe(0);
    expect(login.stderr).toMatch(
      /TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); .*NODE_EXTRA_CA_CERTS/,
    );
    expect(login.stderr).not.toContain(token);
    expect(login.stderr).not.toMatch(/\n\s+at /);
  });
});
