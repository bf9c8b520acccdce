// `strata run` hands a command only what it should have: no Strata credentials, and no value that
// would make spawn fail with an error quoting it.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBinary, type Result } from '../_helpers.js';

const NUL_SECRET = 'nul-secret-\0-tail-value';
const BIG = 'B'.repeat(200 * 1024);

let env: Record<string, string>;
let dir: string;
let cleanup: () => Promise<void>;

const strata = (args: string[], extra: Record<string, string> = {}): Promise<Result> =>
  runBinary(args, { ...env, ...extra }, '', dir);

beforeAll(async () => {
  await ensureBuilt();
  const sandbox = await makeSandbox();
  dir = sandbox.dir;
  cleanup = sandbox.cleanup;
  env = { ...sandbox.env, STRATA_BACKEND: `sqlite://${join(dir, 's.db')}`, NO_COLOR: '1' };
  const definitions: Record<string, string> = {
    plain: 'values:\n  environmentVariables:\n    FROM_ENV: from-the-environment\n',
    nularg: `values:\n  s:\n    fn::secret: ${JSON.stringify(NUL_SECRET)}\n`,
    nul: `values:\n  s:\n    fn::secret: ${JSON.stringify(NUL_SECRET)}\n  environmentVariables:\n    HAS_NUL: \${s}\n`,
    big: `values:\n  big: ${BIG}\n  environmentVariables:\n    SMALL: x\n    HUGE_ONE: \${big}\n`,
  };
  for (const [name, text] of Object.entries(definitions)) {
    const file = join(dir, `${name}.yaml`);
    await writeFile(file, text);
    const r = await strata(['env', 'init', name, '-f', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
}, 120_000);

afterAll(() => cleanup());

describe('strata run: what the child inherits', () => {
  it("withholds Strata's credentials and passes the rest of the parent's environment", async () => {
    const script = `console.log(JSON.stringify(Object.fromEntries(
      ['STRATA_MASTER_KEY', 'STRATA_TOKEN', 'PULUMI_ACCESS_TOKEN', 'AWS_SECRET_ACCESS_KEY',
       'MY_VAR', 'STRATA_BACKEND', 'FROM_ENV'].map((k) => [k, process.env[k] ?? null]))))`;
    const r = await strata(['run', 'plain', '--', 'node', '-e', script], {
      STRATA_TOKEN: 'server-token-value',
      PULUMI_ACCESS_TOKEN: 'pul-token-value',
      AWS_SECRET_ACCESS_KEY: 'users-aws-secret',
      MY_VAR: 'mine',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      STRATA_MASTER_KEY: null,
      STRATA_TOKEN: null,
      PULUMI_ACCESS_TOKEN: null,
      AWS_SECRET_ACCESS_KEY: 'users-aws-secret',
      MY_VAR: 'mine',
      STRATA_BACKEND: env['STRATA_BACKEND'],
      FROM_ENV: 'from-the-environment',
    });
  });
});

describe('strata run: values no process can receive', () => {
  it('refuses a variable with a NUL byte, naming it and never showing its value', async () => {
    const r = await strata(['run', 'nul', '--', 'node', '-e', 'console.log("ran")']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: environment variable HAS_NUL contains a NUL byte/);
    expect(lines[1]).toMatch(/^hint: /);
    expect(r.stderr).not.toContain('nul-secret');
    expect(r.stderr).not.toContain('tail-value');
  });

  it('refuses an interpolated argument with a NUL byte without showing it', async () => {
    const r = await strata(['run', 'nularg', '--', 'node', '-e', '1', '${s}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: argument 3 of the command contains a NUL byte.*\nhint: /);
    expect(r.stderr).not.toContain('secret');
  });

  it.runIf(process.platform === 'linux')(
    'explains E2BIG with a sentence and a hint naming the variable',
    async () => {
      const r = await strata(['run', 'big', '--', 'node', '-e', 'console.log("ran")']);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(
        'error: cannot run node: its environment and arguments are larger than the system allows (E2BIG); nothing was run',
      );
      expect(lines[1]).toMatch(/^hint: too large: HUGE_ONE; hand large values over as files/);
      expect(r.stderr).not.toContain('BBBB');
    },
  );
});
