// End-to-end: the built `strata` binary runs commands against a temporary SQLite backend.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));
const SECRET = 'hunter2-"quoted"\\value';

const DEFINITION = `
values:
  password:
    fn::secret: ${JSON.stringify(SECRET)}
  port: 8080
  environmentVariables:
    APP_PASSWORD: \${password}
    APP_PORT: \${port}
  files:
    APP_CONFIG: "port=\${port}"
    APP_KEY:
      fn::secret: "-----KEY material-----"
`;

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let home: string;
let env: NodeJS.ProcessEnv;

function strata(
  args: readonly string[],
  onStdout?: (text: string, pid: number) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      onStdout?.(stdout, child.pid!);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What runs left under TMPDIR: anything but Strata's private directory, and what it holds. */
function leftInTmp(): string[] {
  const root = `strata-${process.getuid?.() ?? 0}`;
  return readdirSync(env['TMPDIR']!).flatMap((entry) =>
    entry === root ? readdirSync(join(env['TMPDIR']!, root)) : [entry],
  );
}

/** `strata run app -- node -e <script> [args]`. */
function runNode(script: string, ...args: string[]): Promise<Result> {
  return strata(['run', 'app', '--', 'node', '-e', script, ...args]);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'strata-run-e2e-'));
  env = {
    PATH: process.env['PATH'],
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    TMPDIR: join(home, 'tmp'),
    STRATA_BACKEND: `sqlite://${join(home, 's.db')}`,
    STRATA_MASTER_KEY: randomBytes(32).toString('base64'),
    NO_COLOR: '1',
  };
  // Temp files go under TMPDIR, so the test sees exactly what a run leaves behind.
  mkdirSync(env['TMPDIR']!);
  const file = join(home, 'app.yaml');
  writeFileSync(file, DEFINITION);
  const init = await strata(['env', 'init', 'app', '-f', file]);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('strata run', () => {
  it('hands variables, files and interpolated arguments to the command', async () => {
    const script = `
      const fs = require('node:fs');
      const path = require('node:path');
      const cfg = process.env.APP_CONFIG;
      console.log(JSON.stringify({
        port: process.env.APP_PORT,
        config: fs.readFileSync(cfg, 'utf8'),
        fileMode: (fs.statSync(cfg).mode & 0o777).toString(8),
        dirMode: (fs.statSync(path.dirname(cfg)).mode & 0o777).toString(8),
        sameDir: path.dirname(cfg) === path.dirname(process.env.APP_KEY),
        passwordOk: process.env.APP_PASSWORD === ${JSON.stringify(SECRET)},
        keyOk: fs.readFileSync(process.env.APP_KEY, 'utf8') === '-----KEY material-----',
        arg: process.argv[1],
        home: process.env.HOME,
      }));
      console.log(cfg);
    `;
    const result = await runNode(script, 'port ${port} $${port}');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [json, configPath] = result.stdout.trimEnd().split('\n');
    expect(JSON.parse(json!)).toEqual({
      port: '8080',
      config: 'port=8080',
      fileMode: '600',
      dirMode: '700',
      sameDir: true,
      passwordOk: true,
      keyOk: true,
      arg: 'port 8080 ${port}',
      home,
    });
    expect(configPath!.startsWith(env['TMPDIR']!)).toBe(true);
    // Removed once the command has exited, directory and all.
    expect(existsSync(configPath!)).toBe(false);
    expect(leftInTmp()).toEqual([]);
  });

  it('masks secrets, also when written in pieces, and their JSON and base64 forms', async () => {
    const script = `
      const s = process.env.APP_PASSWORD;
      process.stdout.write('a=' + s.slice(0, 5));
      setTimeout(() => {
        process.stdout.write(s.slice(5) + '\\n');
        console.log('json=' + JSON.stringify(s));
        console.log('b64=' + Buffer.from(s).toString('base64'));
        console.error('err=' + s + ' arg=' + process.argv[1]);
        console.log('key=' + require('node:fs').readFileSync(process.env.APP_KEY, 'utf8'));
      }, 50);
    `;
    const result = await runNode(script, '${password}');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('a=[secret]\njson="[secret]"\nb64=[secret]\nkey=[secret]\n');
    expect(result.stderr).toBe('err=[secret] arg=[secret]\n');
  });

  it('shows secrets in clear with -i', async () => {
    const result = await strata([
      'run',
      'app',
      '-i',
      '--',
      'node',
      '-e',
      'console.log(process.env.APP_PASSWORD)',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SECRET}\n`);
  });

  it('opens refs in the organization given by --org', async () => {
    const init = await strata(['env', 'init', 'acme/proj/other']);
    expect(init.code).toBe(0);
    const script = 'console.log(process.env.APP_PORT ?? "unset")';
    const result = await strata([
      'env',
      'run',
      '--org',
      'acme',
      'proj/other',
      '--',
      'node',
      '-e',
      script,
    ]);
    expect(result).toEqual({ code: 0, stdout: 'unset\n', stderr: '' });
  });

  it('prints help for --help before --, and passes it on after', async () => {
    const help = await strata(['run', 'app', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('strata env run <ref>[@version] [-i] [--] <command> [args...]');
    const passed = await runNode('console.log(process.argv[1])', '--', '--help');
    expect(passed).toEqual({ code: 0, stdout: '--help\n', stderr: '' });
  });

  it.each([0, 3, 42])('exits with the command exit code %i', async (code) => {
    expect((await runNode(`process.exit(${code})`)).code).toBe(code);
  });

  it('exits 128 + the signal number when the command is killed', async () => {
    expect((await runNode("process.kill(process.pid, 'SIGKILL')")).code).toBe(128 + 9);
  });

  it.each([
    [
      ['run', 'app', '--', 'strata-no-such-command'],
      127,
      'error: command not found: strata-no-such-command',
    ],
    [['run', '--', 'node', '-v'], 2, 'error: no environment specified'],
    [['env', 'run', 'app'], 2, 'error: no command specified'],
    [['run', 'nope', '--', 'node', '-v'], 3, 'error: '],
  ])('reports %j with exit code %i', async (args, code, message) => {
    const result = await strata(args);
    expect(result.code).toBe(code);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.split('\n')[0]).not.toMatch(/at .*\.js/);
    expect(result.stdout).toBe('');
  });

  it('passes SIGTERM on to the command and removes the files', async () => {
    const script = `
      process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(5); });
      console.log('ready ' + process.env.APP_CONFIG);
      setInterval(() => {}, 1000);
    `;
    let sent = false;
    const result = await strata(['run', 'app', '--', 'node', '-e', script], (stdout, pid) => {
      if (!sent && stdout.includes('\n')) {
        sent = true;
        process.kill(pid, 'SIGTERM');
      }
    });
    const [ready, got] = result.stdout.trimEnd().split('\n');
    expect(got).toBe('child got SIGTERM');
    expect(result.code).toBe(5);
    const configPath = ready!.slice('ready '.length);
    expect(configPath).not.toBe('');
    expect(existsSync(configPath)).toBe(false);
    expect(leftInTmp()).toEqual([]);
  });
});
