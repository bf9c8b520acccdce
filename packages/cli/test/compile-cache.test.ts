import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, commandPaths } from '../src/command-table.js';
import { commandVariant, compileCacheDir, compileCacheRoot } from '../src/compile-cache.js';
import { findCommand } from '../src/parse-command-line.js';
import { BIN, ensureBuilt, makeSandbox, runBinary } from './_helpers.js';

describe('commandVariant', () => {
  const paths = commandPaths(COMMANDS);

  it.each([
    [['env', 'open', 'acme/app', '-f', 'json'], 'env-open'],
    [['run', 'acme/app', '--', 'true'], 'run'],
    [['env', 'version', 'tag', 'ls', 'acme/app'], 'env-version-tag-ls'],
    [['--version'], 'default'],
    [[], 'default'],
    [['env', 'get', 'app/dev@stable'], 'env-get'],
  ])('%j is %s', (argv, variant) => {
    expect(commandVariant(argv, paths)).toBe(variant);
  });

  it.each([
    [['env', 'open', 'dev'], 'env-open'],
    [['env', 'open', 'prod', '-f', 'json'], 'env-open'],
    [['env', 'version', 'stable'], 'env-version'],
    [['open', 'dev'], 'open'],
    [['env', 'frobnicate'], 'default'],
    [['env'], 'default'],
    [['help', 'env', 'open'], 'default'],
  ])('%j is %s: a name from the command table, never an argument', (argv, variant) => {
    expect(commandVariant(argv, paths)).toBe(variant);
  });

  it('names the command the CLI runs, for every path and alias', () => {
    for (const path of paths) {
      const argv = [...path.split(' '), 'dev', 'ls'];
      const found = findCommand(COMMANDS, argv);
      expect('spec' in found && found.spec.path).toBe(
        COMMANDS.find((c) => c.path === path || c.aliases?.includes(path))?.path,
      );
      expect(commandVariant(argv, paths)).toBe(path.replaceAll(' ', '-'));
    }
  });
});

describe('where caches live', () => {
  it('under XDG_CACHE_HOME, per Node version, architecture and installation', () => {
    const root = compileCacheRoot({ XDG_CACHE_HOME: '/c' });
    expect(root).toBe(join('/c', 'strata', 'compile-cache'));
    const one = compileCacheDir('/opt/a/dist/bundle', root!);
    expect(dirname(one)).toBe(join(root!, `${process.version}-${process.arch}`));
    expect(basename(one)).toMatch(/^[0-9a-f]{8}$/);
    expect(compileCacheDir('/opt/b/dist/bundle', root!)).not.toBe(one);
  });

  it("nowhere under Node's own opt-out", () => {
    expect(compileCacheRoot({ XDG_CACHE_HOME: '/c', NODE_DISABLE_COMPILE_CACHE: '1' })).toBe(
      undefined,
    );
  });
});

describe('the built CLI through the code cache', () => {
  let env: Record<string, string>;
  let cacheDir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    await ensureBuilt();
    const sandbox = await makeSandbox();
    env = { ...sandbox.env, STRATA_BACKEND: `sqlite://${join(sandbox.dir, 'strata.db')}` };
    cacheDir = compileCacheDir(join(dirname(BIN), '..', 'dist', 'bundle'), compileCacheRoot(env)!);
    cleanup = sandbox.cleanup;
    const init = await runBinary(['env', 'init', 'app/dev'], env, 'values:\n  port: 8080\n');
    expect(init.stderr).toBe('');
  }, 120_000);

  afterAll(() => cleanup());

  const openCaches = async (): Promise<string[]> =>
    (await readdir(cacheDir)).filter((name) => name.includes('.env-open.'));

  it('writes a cache on the first run of a command and gives the same output from it', async () => {
    const first = await runBinary(['env', 'open', 'app/dev'], env);
    expect(first.code).toBe(0);
    const caches = await openCaches();
    expect(caches.some((name) => name.startsWith('common-'))).toBe(true);
    const before = await Promise.all(caches.map((name) => readFile(join(cacheDir, name))));

    const second = await runBinary(['env', 'open', 'app/dev'], env);
    expect(second).toEqual(first);
    // Accepted caches are left alone.
    const after = await Promise.all(caches.map((name) => readFile(join(cacheDir, name))));
    expect(after).toEqual(before);
  });

  it('survives damaged cache files, and replaces them', async () => {
    const expected = await runBinary(['env', 'open', 'app/dev'], env);
    const caches = await openCaches();
    for (const name of caches) await writeFile(join(cacheDir, name), 'not a code cache');
    const damaged = await runBinary(['env', 'open', 'app/dev'], env);
    expect(damaged).toEqual(expected);
    for (const name of caches) {
      expect((await readFile(join(cacheDir, name), 'utf8')).startsWith('not a code cache')).toBe(
        false,
      );
    }
  });

  it('deletes the caches of chunks that are gone or were rebuilt', async () => {
    const [common] = (await openCaches()).filter((name) => name.startsWith('common-'));
    const stale = [
      'gone-0123abcd.cjs.env-open.100.1700000000000',
      common!.replace(/\.\d+\.\d+$/, '.1.1700000000000'),
    ];
    for (const name of stale) await writeFile(join(cacheDir, name), 'old');
    // A command run for the first time writes its caches, and prunes.
    expect((await runBinary(['env', 'version', 'history', 'app/dev'], env)).code).toBe(0);
    const left = await readdir(cacheDir);
    for (const name of stale) expect(left).not.toContain(name);
    expect(left).toContain(common);
  });

  it('keeps one cache per command whatever its arguments, and deletes caches of other names', async () => {
    const [common] = (await openCaches()).filter((name) => name.startsWith('common-'));
    // What an older build named after arguments (`env open dev`), or a command since removed.
    const stale = [
      common!.replace('.env-open.', '.env-open-dev.'),
      common!.replace('.env-open.', '.frobnicate.'),
    ];
    for (const name of stale) await writeFile(join(cacheDir, name), 'old');
    // Two environments that do not exist and one that does: the same command each time.
    for (const ref of ['dev', 'prod', 'app/dev']) {
      expect([0, 3]).toContain((await runBinary(['env', 'tag', 'ls', ref], env)).code);
    }
    const left = await readdir(cacheDir);
    for (const name of stale) expect(left).not.toContain(name);
    expect(left.filter((name) => name.includes('.env-tag-ls-'))).toEqual([]);
    expect(
      left.filter((name) => name.startsWith('common-') && name.includes('.env-tag-ls.')),
    ).toHaveLength(1);
    expect(left).toContain(common);
  });

  it('writes nothing under NODE_DISABLE_COMPILE_CACHE', async () => {
    const result = await runBinary(['env', 'get', 'app/dev'], {
      ...env,
      NODE_DISABLE_COMPILE_CACHE: '1',
    });
    expect(result.code).toBe(0);
    expect((await readdir(cacheDir)).filter((name) => name.includes('.env-get.'))).toEqual([]);
  });
});
