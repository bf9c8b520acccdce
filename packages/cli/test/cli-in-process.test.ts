import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/command-table.js';
import { makeSandbox, runInProcess } from './_helpers.js';

describe('strata in-process', () => {
  let env: Record<string, string>;
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const sandbox = await makeSandbox();
    ({ env, dir, cleanup } = sandbox);
  });
  afterAll(() => cleanup());

  it('prints the version', async () => {
    const r = await runInProcess(['--version'], env);
    expect(r).toEqual({ code: 0, stdout: 'strata 0.1.0\n', stderr: '' });
  });

  it('lists commands with no arguments and for a group', async () => {
    const top = await runInProcess([], env);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('  env init ');
    expect(top.stdout).toContain('  audit ');
    const group = await runInProcess(['env', 'version'], env);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('env version tag ls');
  });

  it.each(COMMANDS.map((c) => [c.path]))('%s --help has usage and examples', async (path) => {
    const r = await runInProcess([...path.split(' '), '--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage:\n  strata ${path}`);
    expect(r.stdout).toMatch(/Examples:\n {2}\S/);
  });

  it('refuses an unknown command or flag with exit code 2 and a hint', async () => {
    const unknown = await runInProcess(['env', 'frobnicate'], env);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      'error: unknown command "env frobnicate"\nhint: run `strata env --help` for the list of commands\n',
    );
    const flag = await runInProcess(['env', 'ls', '--frob'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--frob'");
  });

  it('refuses a --trust-proxy that is no address, range or hop count before serving', async () => {
    for (const bad of ['proxy.internal', '10.0.0.0/33', '10.0.0.1,', '::1/129']) {
      const r = await runInProcess(['serve', '--trust-proxy', bad], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^error: invalid --trust-proxy entry "[^"]*"\nhint: give the proxy addresses/,
      );
    }
  });

  it('refuses a malformed server token without repeating it', async () => {
    const token = 'strata_p_abc def\nghi';
    const r = await runInProcess(['login', 'http://127.0.0.1:9', '--token', token], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('the access token is malformed');
    expect(r.stderr).not.toContain('strata_p_abc');
  });

  it('stores the backend with login, shows it with whoami, forgets it with logout', async () => {
    const login = await runInProcess(
      ['login', 'sqlite://./team.db', '--user', 'alice'],
      env,
      '',
      dir,
    );
    expect(login.stdout).toBe(`Logged in to sqlite://${dir}/team.db as alice\n`);
    const who = await runInProcess(['whoami', '--output', 'json'], env);
    expect(JSON.parse(who.stdout)).toEqual({
      user: 'alice',
      backend: `sqlite://${dir}/team.db`,
      backendSource: 'config',
      organization: 'default',
    });
    const override = await runInProcess(['whoami', '--org', 'acme'], {
      ...env,
      STRATA_BACKEND: 'sqlite:///elsewhere.db',
    });
    expect(override.stdout).toBe(
      'User: alice\nOrganization: acme\nBackend: sqlite:///elsewhere.db\n',
    );
    await runInProcess(['logout'], env);
    const after = await runInProcess(['whoami'], env);
    expect(after.stdout).toContain(`Backend: sqlite://${dir}/data/strata/strata.db\n`);
    expect(after.stdout).toContain('User: alice\n');
  });

  it('uses the org from STRATA_ORG and --org', async () => {
    await runInProcess(['env', 'init', 'p/e'], { ...env, STRATA_ORG: 'acme' });
    expect((await runInProcess(['env', 'ls'], env)).stdout).toBe('acme/p/e\n');
    expect((await runInProcess(['env', 'ls', '--org', 'acme'], env)).stdout).toBe('p/e\n');
    // The current org first, then the others by org name.
    await runInProcess(['env', 'init', 'acme-2/p/e'], env);
    await runInProcess(['env', 'init', 'z/e'], env);
    expect((await runInProcess(['env', 'ls'], env)).stdout).toBe('z/e\nacme/p/e\nacme-2/p/e\n');
    expect((await runInProcess(['env', 'get', 'acme/p/e', '--value', 'json'], env)).stdout).toBe(
      'null\n',
    );
  });

  it.each(['bash', 'zsh', 'fish'])('prints a %s completion script', async (shell) => {
    const r = await runInProcess(['completion', shell], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('strata');
    expect(r.stdout).toContain('rollback');
  });

  it('never colours output that is not a terminal, and never under NO_COLOR', async () => {
    const r = await runInProcess(['env', 'get', 'nope'], { ...env, NO_COLOR: '1' });
    expect(r.stderr).not.toContain('\x1b[');
    const plain = await runInProcess(['env', 'get', 'nope'], env);
    expect(plain.stderr).not.toContain('\x1b[');
  });
});
