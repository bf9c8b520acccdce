// The seed walkthrough with the real binary, twice: on the local SQLite default and through a
// `strata serve` the CLI has logged in to. Create `common/aws`, tag `stable`, create
// `identity/common` importing `common/aws@stable`, change `common/aws` (the importer keeps the
// pinned revision), move `stable` (the importer follows), pin `@1` elsewhere, roll back. Each step
// prints the same on both, and what it prints is what the story says.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBinary } from './_helpers.js';
import { startServe, type ServeProcess } from './_serve.js';

const AWS = `values:
  aws:
    region: us-east-1
    secretAccessKey:
      fn::secret: s3cr3t-key-v1
  environmentVariables:
    AWS_REGION: \${aws.region}
`;
const importer = (ref: string, app: string) => `imports:
  - ${ref}
values:
  app: ${app}
  environmentVariables:
    APP: \${app}
    APP_REGION: \${aws.region}
`;

/** The walkthrough's commands; each step's stdout is compared across backends. */
const STEPS: readonly (readonly string[])[] = [
  ['env', 'init', 'common/aws', '-f', 'aws.yaml'],
  ['env', 'version', 'tag', 'common/aws@stable'],
  ['env', 'init', 'identity/common', '-f', 'identity.yaml'],
  ['env', 'open', 'identity/common', '--format', 'json'],
  ['env', 'set', 'common/aws', 'aws.region', 'eu-west-1'],
  ['env', 'open', 'identity/common', 'environmentVariables', '--format', 'json'],
  ['env', 'version', 'tag', 'common/aws@stable'],
  ['env', 'open', 'identity/common', 'environmentVariables', '--format', 'json'],
  ['env', 'init', 'payments/pinned', '-f', 'pinned.yaml'],
  ['env', 'open', 'payments/pinned', 'environmentVariables', '--format', 'json'],
  ['env', 'version', 'rollback', 'common/aws@1'],
  ['env', 'get', 'common/aws', 'aws.region', '--value', 'string'],
  ['env', 'version', 'tag', 'common/aws@stable'],
  ['env', 'open', 'identity/common', '--format', 'dotenv'],
  ['run', 'identity/common', '--', 'sh', '-c', 'echo "$APP in $APP_REGION"'],
];

async function walk(
  env: Record<string, string>,
  dir: string,
): Promise<{ stdout: string; stderr: string; code: number }[]> {
  await writeFile(join(dir, 'aws.yaml'), AWS);
  await writeFile(join(dir, 'identity.yaml'), importer('common/aws@stable', 'identity'));
  await writeFile(join(dir, 'pinned.yaml'), importer('common/aws@1', 'payments'));
  const results = [];
  for (const step of STEPS) results.push(await runBinary([...step], env, '', dir));
  return results;
}

describe('the seed walkthrough, locally and through a server', () => {
  let local: Awaited<ReturnType<typeof walk>>;
  let remote: Awaited<ReturnType<typeof walk>>;
  let serve: ServeProcess | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    const mine = await makeSandbox();
    cleanups.push(mine.cleanup);
    local = await walk({ ...mine.env, NO_COLOR: '1' }, mine.dir);

    const host = await makeSandbox();
    cleanups.push(host.cleanup);
    serve = await startServe(
      ['--backend', `sqlite://${join(host.dir, 'team.db')}`, '--init-admin', 'alice'],
      host.env,
    );
    const token = serve.stdout().split('\n')[0]!;
    const laptop = await makeSandbox();
    cleanups.push(laptop.cleanup);
    // The laptop has no master key of its own: the server holds it.
    const env: Record<string, string> = { ...laptop.env, NO_COLOR: '1' };
    delete env['STRATA_MASTER_KEY'];
    const login = await runBinary(['login', serve.url, '--token', token], env, '', laptop.dir);
    expect(login).toMatchObject({ code: 0, stderr: '' });
    remote = await walk(env, laptop.dir);
  }, 180_000);

  afterAll(async () => {
    if (serve !== undefined) expect(await serve.stop()).toBe(0);
    for (const cleanup of cleanups) await cleanup();
  });

  it('prints the same at every step on both backends', () => {
    expect(remote.map((r) => r.code)).toEqual(STEPS.map(() => 0));
    for (const [i, step] of STEPS.entries())
      expect({ step: step.join(' '), ...remote[i] }).toEqual({ step: step.join(' '), ...local[i] });
  });

  it('keeps an importer on its pinned revision until the tag moves, and rolls back', () => {
    const out = local.map((r) => r.stdout);
    expect(local.map((r) => r.code)).toEqual(STEPS.map(() => 0));
    expect(JSON.parse(out[3]!)).toMatchObject({
      app: 'identity',
      aws: { region: 'us-east-1', secretAccessKey: 's3cr3t-key-v1' },
    });
    // common/aws changed, stable did not move: the importer still sees revision 1.
    expect(JSON.parse(out[5]!)).toEqual({
      APP: 'identity',
      APP_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
    });
    // stable moved to revision 2.
    expect(JSON.parse(out[7]!)).toEqual({
      APP: 'identity',
      APP_REGION: 'eu-west-1',
      AWS_REGION: 'eu-west-1',
    });
    // Pinned at @1: the first revision, whatever the tags say.
    expect(JSON.parse(out[9]!)).toEqual({
      APP: 'payments',
      APP_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
    });
    // The rollback wrote revision 3 as a copy of 1; stable follows it.
    expect(out[11]).toBe('us-east-1\n');
    expect(out[13]).toBe('APP=identity\nAPP_REGION=us-east-1\nAWS_REGION=us-east-1\n');
    expect(out[14]).toBe('identity in us-east-1\n');
  });
});
