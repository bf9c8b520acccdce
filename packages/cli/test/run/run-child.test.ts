import { mkdtempSync, rmSync, statSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/run/_find-executable.js';
import { ChildSpawnError, runChild } from '../../src/run/run-child.js';
import { writeTemporaryFiles } from '../../src/run/temp-files.js';

/** Runs `node -e script` through runChild, collecting what it prints. */
async function runNode(
  script: string,
  options: { secrets?: string[]; env?: Record<string, string>; interactive?: boolean } = {},
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runChild({
    file: process.execPath,
    args: ['-e', script],
    env: { ...process.env, ...options.env },
    interactive: options.interactive ?? false,
    secrets: options.secrets ?? [],
    stdin: Readable.from([]),
    stdout,
    stderr,
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

const SPLIT_WRITE = `
  process.stdout.write('token=s3cr');
  setTimeout(() => { process.stdout.write('et-value\\n'); process.stderr.write('err s3cret-value'); }, 30);
`;

describe('runChild', () => {
  it('passes the environment and arguments, and returns the exit code', async () => {
    const result = await runNode('console.log(process.env.GREETING); process.exit(7)', {
      env: { GREETING: 'hello' },
    });
    expect(result).toEqual({ code: 7, stdout: 'hello\n', stderr: '' });
  });

  it('masks secrets written in pieces, on stdout and stderr', async () => {
    const result = await runNode(SPLIT_WRITE, { secrets: ['s3cret-value'] });
    expect(result.stdout).toBe('token=[secret]\n');
    expect(result.stderr).toBe('err [secret]');
  });

  it('masks the JSON and base64 forms', async () => {
    const script = `console.log(JSON.stringify({ v: 'a"b\\\\cd' })); console.log(Buffer.from('a"b\\\\cd').toString('base64'))`;
    const result = await runNode(script, { secrets: ['a"b\\cd'] });
    expect(result.stdout).toBe('{"v":"[secret]"}\n[secret]\n');
  });

  it('masks nothing when interactive', async () => {
    const result = await runNode(SPLIT_WRITE, { secrets: ['s3cret-value'], interactive: true });
    expect(result.stdout).toBe('token=s3cret-value\n');
  });

  it('reports death by signal as 128 + the signal number', async () => {
    const result = await runNode(
      "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 5000)",
    );
    expect(result.code).toBe(128 + 15);
  });

  it('forwards SIGTERM to the child', async () => {
    const stdout = new PassThrough();
    const chunks: string[] = [];
    const printed = new Promise<void>((resolve) =>
      stdout.on('data', (c: Buffer) => {
        chunks.push(c.toString());
        resolve();
      }),
    );
    // Keep vitest's worker alive: the test itself listens for SIGTERM while the child runs.
    const keep = (): void => {};
    process.on('SIGTERM', keep);
    try {
      const running = runChild({
        file: process.execPath,
        args: [
          '-e',
          "process.on('SIGTERM', () => { console.log('got TERM'); process.exit(3) }); console.log('ready'); setInterval(() => {}, 1000)",
        ],
        env: process.env,
        interactive: false,
        secrets: [],
        stdin: Readable.from([]),
        stdout,
        stderr: new PassThrough(),
      });
      await printed;
      process.emit('SIGTERM', 'SIGTERM');
      expect(await running).toBe(3);
      expect(chunks.join('')).toBe('ready\ngot TERM\n');
    } finally {
      process.off('SIGTERM', keep);
    }
  });

  it('rejects when the file cannot be run', async () => {
    await expect(
      runChild({
        file: '/nonexistent/strata-test-command',
        args: [],
        env: process.env,
        interactive: false,
        secrets: [],
        stdin: Readable.from([]),
        stdout: new PassThrough(),
        stderr: new PassThrough(),
      }),
    ).rejects.toBeInstanceOf(ChildSpawnError);
  });
});

describe('findExecutable', () => {
  it('finds a command on PATH and not a missing one', () => {
    const nodeDir = join(process.execPath, '..');
    expect(findExecutable('node', { PATH: nodeDir }, '/')).toBe(process.execPath);
    expect(findExecutable('strata-no-such-command', { PATH: nodeDir }, '/')).toBeUndefined();
    expect(findExecutable('', { PATH: nodeDir }, '/')).toBeUndefined();
  });

  it('takes a path with a slash as it is', () => {
    expect(findExecutable(process.execPath, {}, '/')).toBe(process.execPath);
    expect(findExecutable('./nope', {}, '/')).toBeUndefined();
  });
});

describe('writeTemporaryFiles', () => {
  const parent = mkdtempSync(join(tmpdir(), 'strata-run-test-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('writes private files and removes them', async () => {
    const files = await writeTemporaryFiles(
      [
        { name: 'A_FILE', value: 'alpha' },
        { name: 'B/weird name', value: 'béta\n' },
      ],
      parent,
    );
    const dir = files.directory!;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const a = files.variables['A_FILE']!;
    const b = files.variables['B/weird name']!;
    expect(Object.keys(files.variables)).toEqual(['A_FILE', 'B/weird name']);
    expect(readFileSync(a, 'utf8')).toBe('alpha');
    expect(readFileSync(b, 'utf8')).toBe('béta\n');
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(statSync(b).mode & 0o777).toBe(0o600);
    files.remove();
    files.remove();
    expect(existsSync(dir)).toBe(false);
  });

  it('creates nothing when there are no files', async () => {
    const files = await writeTemporaryFiles([], parent);
    expect(files).toMatchObject({ directory: undefined, variables: {} });
  });
});
