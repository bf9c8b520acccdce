import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeSandbox, runBinary, runInProcess, type Result } from './_helpers.js';

/**
 * The end-to-end suite against one backend: by spawning the built binary, or (to keep a second
 * backend's run short) in-process through `run`. `backend` returns the STRATA_BACKEND URL to use
 * (fresh for this suite) and a cleanup.
 */
export function e2eSuite(
  name: string,
  /** The backend URL, and any variables the CLI needs for it (a server's STRATA_TOKEN). */
  backend: () => Promise<{
    url: string;
    stop: () => Promise<void>;
    env?: Record<string, string>;
    /** A server holds the master key: the CLI's own key plays no part. */
    server?: boolean;
  }>,
  runner: 'binary' | 'in-process',
  /** False for a server that ignores conditional writes: duplicate-create and race checks are skipped. */
  conditionalWrites = true,
): void {
  describe(`strata end to end on ${name} (${runner})`, () => {
    let env: Record<string, string>;
    let dir: string;
    let cleanup: () => Promise<void>;
    let stop: () => Promise<void> = () => Promise.resolve();
    let server = false;

    beforeAll(async () => {
      if (runner === 'binary') await ensureBuilt();
      const sandbox = await makeSandbox();
      const b = await backend();
      env = { ...sandbox.env, STRATA_BACKEND: b.url, ...b.env };
      dir = sandbox.dir;
      cleanup = sandbox.cleanup;
      stop = b.stop;
      server = b.server === true;
    }, 120_000);

    afterAll(async () => {
      await stop();
      await cleanup();
    });

    const strata = (
      args: string[],
      stdin = '',
      extra: Record<string, string> = {},
    ): Promise<Result> =>
      (runner === 'binary' ? runBinary : runInProcess)(args, { ...env, ...extra }, stdin, dir);
    const ok = async (args: string[], stdin = ''): Promise<string> => {
      const r = await strata(args, stdin);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.stdout;
    };

    it('creates environments empty, from a file and from stdin', async () => {
      expect(await ok(['env', 'init', 'app/empty'])).toBe(
        'Environment created: default/app/empty\n',
      );
      // An empty environment, as esc shows it: a blank line, and nothing when opened.
      expect(await ok(['env', 'get', 'app/empty'])).toBe('\n');
      expect(await ok(['open', 'app/empty'])).toBe('');
      expect(await ok(['open', 'app/empty', 'x'])).toBe('null\n');
      await writeFile(join(dir, 'def.yaml'), 'values:\n  foo: bar\n');
      await ok(['env', 'init', 'app/file', '-f', 'def.yaml']);
      await ok(['env', 'init', 'app/stdin', '-f', '-'], '{"values": {"foo": "baz"}}\n');
      expect(await ok(['env', 'get', 'app/file', 'foo', '--value', 'string'])).toBe('bar\n');
      expect(await ok(['env', 'get', 'app/stdin', '--value', 'json'])).toBe(
        '{\n  "foo": "baz"\n}\n',
      );
      if (conditionalWrites) {
        const dup = await strata(['env', 'init', 'app/file']);
        expect(dup.code).toBe(8);
        expect(dup.stderr).toContain('already exists');
      }
    });

    it('refuses a definition with errors, printing the source line and carets', async () => {
      const r = await strata(['env', 'init', 'app/bad', '-f', '-'], 'values:\n  a: ${nope}\n');
      expect(r.code).toBe(5);
      expect(r.stderr).toContain(
        'default/app/bad:2:8: error: unknown property "nope"\n 2 |   a: ${nope}\n   |        ^^^^\n',
      );
      expect((await strata(['env', 'get', 'app/bad'])).code).toBe(3);
    });

    it('sets values, secrets and strings, and shows them with get', async () => {
      await ok(['env', 'init', 'web/dev']);
      await ok(['env', 'set', 'web/dev', 'name', 'world']);
      await ok(['env', 'set', 'web/dev', 'greeting', 'hello ${name}']);
      await ok(['env', 'set', 'web/dev', 'port', '8080']);
      await ok(['env', 'set', 'web/dev', 'version', '1.10', '--string']);
      await ok(['env', 'set', 'web/dev', 'password', 'hunter2', '--secret']);
      await ok(['env', 'set', 'web/dev', 'environmentVariables.GREETING', '${greeting}']);
      await ok(['env', 'set', 'web/dev', 'environmentVariables.PASSWORD', '${password}']);
      await ok(['env', 'set', 'web/dev', 'files.CERT', 'certificate']);

      const guarded = await strata([
        'env',
        'set',
        'web/dev',
        'token',
        'YMHdog6VkUqbVS5dAErxWeMy83r4HeBeNRdEuUFwK3M=',
      ]);
      expect(guarded.code).toBe(2);
      expect(guarded.stderr).toContain('value looks like a secret');
      const invalid = await strata(['env', 'set', 'web/dev', 'list', '[a']);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(
        /^error: invalid value: .*\S\nhint: quote it or pass --string\n$/,
      );
      expect(invalid.stderr).not.toMatch(/:\n/);

      const shown = await ok(['env', 'get', 'web/dev']);
      expect(shown).toContain(
        '# Value\n```json\n{\n  "environmentVariables": {\n    "GREETING": "hello world",\n    "PASSWORD": "[secret]"\n  },',
      );
      expect(shown).toContain('"password": "[secret]"');
      expect(shown).toContain('"port": 8080');
      expect(shown).toContain('"version": "1.10"');
      expect(shown).toContain('# Definition\n```yaml\nvalues:\n  name: world\n');
      expect(shown).not.toContain('hunter2');
      expect(shown).toContain('ciphertext:');

      const path = await ok(['env', 'get', 'web/dev', 'greeting']);
      expect(path).toBe(
        '# Value\n```json\n"hello world"\n```\n# Definition\n```yaml\nhello ${name}\n\n```\n\n# Defined at\n- default/web/dev:3:13\n\n',
      );
      expect(
        await ok(['env', 'get', 'web/dev', 'password', '--value', 'string', '--show-secrets']),
      ).toBe('hunter2\n');
      expect(await ok(['env', 'get', 'web/dev', '--definition', '--show-secrets'])).toContain(
        'fn::secret: hunter2',
      );
      expect(await ok(['env', 'get', 'web/dev', '--value', 'dotenv'])).toBe(
        'GREETING=hello world\nPASSWORD=[secret]\nCERT=[unknown]\n',
      );
    });

    it('rewrites definitions on set and rm the way esc writes them', async () => {
      await ok(
        ['env', 'init', 'fmt/app', '-f', '-'],
        'values:\n  array: [hello, world]\n  foo:\n    bar:\n      baz: 1\n  q: "quoted"\n',
      );
      await ok(['env', 'rm', 'fmt/app', 'foo.bar.baz']);
      await ok(['env', 'set', 'fmt/app', 'foo.bar.baz', 'qux']);
      await ok(['env', 'set', 'fmt/app', 'db', '{"host": "db", "ports": [5432]}']);
      await ok(['env', 'set', 'fmt/app', 'q', 'again']);
      await ok(['env', 'set', 'fmt/app', 'strings.bracket', '[a', '--string']);
      await ok(['env', 'set', 'fmt/app', 'strings.version', '1.10', '--string']);
      await ok(['env', 'set', 'fmt/app', 'strings.empty', '']);
      await ok(['env', 'set', 'fmt/app', 'pw', 'hunter22', '--secret']);
      const definition = await ok(['env', 'get', 'fmt/app', '--definition']);
      expect(definition.replace(/ciphertext: \S+/, 'ciphertext: X')).toBe(
        [
          'values:',
          '  array: [hello, world]',
          '  foo:',
          '    bar:',
          '      baz: qux',
          '  q: "again"',
          '  db:',
          '    "host": "db"',
          '    "ports":',
          '      - 5432',
          '  strings:',
          "    bracket: '[a'",
          '    version: "1.10"',
          '    empty: ""',
          '  pw:',
          '    fn::secret:',
          '      ciphertext: X',
          '',
        ].join('\n'),
      );
      expect(await ok(['env', 'get', 'fmt/app', 'array'])).toContain(
        '# Definition\n```yaml\n[hello, world]\n',
      );
    });

    it('changes only the path it sets or removes: every other value stays as written', async () => {
      const others = [
        '  big: 12345678901234567890',
        '  rate: 0.1000000000000000055',
        '  price: 1.50',
        '  mask: 0x1F',
        '  nothing: ~',
        '  flag: True',
        '  flow: {a: 1.50, b: [1, 2.0]}',
      ];
      await ok(
        ['env', 'init', 'exact/app', '-f', '-'],
        ['values:', ...others, '  gone: 1', '  edited: 1', ''].join('\n'),
      );
      await ok(['env', 'set', 'exact/app', 'edited', '2.50']);
      await ok(['env', 'rm', 'exact/app', 'gone']);
      expect(await ok(['env', 'get', 'exact/app', '--definition'])).toBe(
        ['values:', ...others, '  edited: 2.50', ''].join('\n'),
      );
      // A null, as written or set, still grows into a map when a path goes through it.
      await ok(['env', 'set', 'exact/app', 'nothing.x', '1']);
      await ok(['env', 'set', 'exact/app', 'later', '~']);
      await ok(['env', 'set', 'exact/app', 'later.y', '2']);
      const grown = await ok(['env', 'get', 'exact/app', '--definition']);
      expect(grown).toContain('  nothing:\n    x: 1\n');
      expect(grown).toContain('  later:\n    y: 2\n');
      // A secret typed as a number is the text typed.
      await ok(['env', 'set', 'exact/app', 'pin', '0012', '--secret']);
      expect(
        await ok(['env', 'get', 'exact/app', 'pin', '--value', 'json', '--show-secrets']),
      ).toBe('"0012"\n');
    });

    it('gets one path as esc shows it: value, definition and where it is defined', async () => {
      await ok(
        ['env', 'init', 'each/a', '-f', '-'],
        'values:\n  object: {hello: esc, goodbye: world}\n',
      );
      await ok(['env', 'init', 'each/b', '-f', '-'], 'values:\n  object: {goodbye: all}\n');
      await ok(
        ['env', 'init', 'each/test', '-f', '-'],
        [
          'imports:',
          '  - a',
          '  - b',
          'values:',
          '  "null": null',
          '  object: {hello: world}',
          '  login:',
          '    fn::open::aws-login:',
          '      static: {accessKeyId: AKIA, secretAccessKey: shh}',
          '',
        ].join('\n'),
      );
      // Defined only by imports: no definition section.
      expect(await ok(['env', 'get', 'each/test', 'object.goodbye'])).toBe(
        '# Value\n```json\n"all"\n```\n\n# Defined at\n- b:2:21\n- a:2:33\n\n',
      );
      // Inside a builtin's argument: no value, the definition and where it starts.
      expect(await ok(['env', 'get', 'each/test', 'login["fn::open::aws-login"]'])).toBe(
        '# Definition\n```yaml\nstatic: {accessKeyId: AKIA, secretAccessKey: shh}\n\n```\n\n# Defined at\n- default/each/test:9:7\n\n',
      );
      // A null leaves out its detailed value, as esc's JSON does.
      const detailed = JSON.parse(
        await ok(['env', 'get', 'each/test', 'null', '--value', 'detailed']),
      ) as Record<string, unknown>;
      expect(Object.keys(detailed)).toEqual(['trace']);
      // So does an unknown, flagged instead (the provider only runs when opened).
      const unknown = JSON.parse(
        await ok(['env', 'get', 'each/test', 'login', '--value', 'detailed']),
      ) as Record<string, unknown>;
      expect(Object.keys(unknown)).toEqual(['unknown', 'trace']);
    });

    it('opens in every format', async () => {
      const json = await ok(['env', 'open', 'web/dev']);
      expect(JSON.parse(json)).toMatchObject({
        greeting: 'hello world',
        password: 'hunter2',
        port: 8080,
      });
      expect(await ok(['open', 'web/dev', '-f', 'yaml'])).toContain(
        'environmentVariables:\n   GREETING: hello world\n   PASSWORD: hunter2\nfiles:\n   CERT: certificate\n',
      );
      expect(await ok(['open', 'web/dev', 'greeting', '-f', 'string'])).toBe('hello world\n');
      expect(await ok(['open', 'web/dev', 'port', '-f', 'json'])).toBe('8080\n');
      const dotenv = await ok(['open', 'web/dev', '-f', 'dotenv']);
      expect(dotenv).toMatch(/^GREETING=hello world\nPASSWORD=hunter2\nCERT=\S+CERT\n$/);
      const shell = await ok(['open', 'web/dev', '-f', 'shell']);
      expect(shell).toMatch(
        /^export GREETING='hello world'\nexport PASSWORD='hunter2'\nexport CERT='[^']+'\n$/,
      );
      const detailed = JSON.parse(await ok(['open', 'web/dev', 'name', '-f', 'detailed'])) as {
        value: string;
        trace: { def: { environment: string; begin: { line: number } } };
      };
      expect(detailed).toMatchObject({
        value: 'world',
        trace: { def: { environment: 'default/web/dev', begin: { line: 2 } } },
      });
      // The whole environment is a synthetic value, as in esc: a zero range, no base.
      const whole = JSON.parse(await ok(['open', 'web/dev', '-f', 'detailed'])) as {
        trace: unknown;
      };
      const zero = { line: 0, column: 0, byte: 0 };
      expect(whole.trace).toEqual({ def: { begin: zero, end: zero } });
      const withPath = await strata(['open', 'web/dev', 'name', '-f', 'dotenv']);
      expect(withPath.code).toBe(2);
      expect(withPath.stderr).toContain(
        "output format 'dotenv' may not be used with a property path",
      );
    });

    it('removes values and lists environments', async () => {
      await ok(['env', 'set', 'web/dev', 'scratch', 'x']);
      await ok(['env', 'rm', 'web/dev', 'scratch']);
      expect(await ok(['env', 'get', 'web/dev', 'scratch', '--value', 'json'])).toBe('null\n');
      const ls = await ok(['env', 'ls']);
      expect(ls.split('\n')).toEqual(expect.arrayContaining(['app/empty', 'app/file', 'web/dev']));
      expect(await ok(['env', 'ls', '--project', 'web'])).toBe('web/dev\n');
      expect(JSON.parse(await ok(['env', 'ls', '--project', 'web', '--output', 'json']))).toEqual([
        { organization: 'default', project: 'web', name: 'dev' },
      ]);
    });

    it('tags, shows, rolls back and retracts revisions', async () => {
      await ok(['env', 'init', 'v/app']);
      for (const n of ['1', '2', '3']) await ok(['env', 'set', 'v/app', 'n', n]);
      // revisions: 1 empty, 2 n=1, 3 n=2, 4 n=3
      await ok(['env', 'version', 'tag', 'v/app@stable', '2']);
      expect(await ok(['open', 'v/app@stable', 'n'])).toBe('1\n');
      expect(await ok(['env', 'version', 'v/app@stable'])).toMatch(
        /^stable\nRevision 2\nLast updated at .+ UTC by .+\n$/,
      );
      expect(await ok(['env', 'version', 'v/app@2'])).toMatch(
        /^revision 2 \(tag: stable\)\nAuthor: .+\nDate: {3}.+ UTC\n$/,
      );
      const tags = await ok(['env', 'version', 'tag', 'ls', 'v/app']);
      expect(tags).toMatch(/│ latest │ +4 │/);
      expect(tags).toMatch(/│ stable │ +2 │/);

      expect(await ok(['env', 'version', 'rollback', 'v/app@stable'])).toBe(
        'Environment updated.\n',
      );
      expect(await ok(['open', 'v/app', 'n'])).toBe('1\n');

      await ok([
        'env',
        'version',
        'retract',
        'v/app@3',
        '--reason',
        'leaked',
        '--replace-with',
        '2',
      ]);
      const retracted = await strata(['env', 'get', 'v/app@3']);
      expect(retracted.code).toBe(8);
      expect(retracted.stderr).toContain(
        'revision 3 of default/v/app was retracted (leaked); use revision 2',
      );

      const history = await ok(['env', 'version', 'history', 'v/app']);
      expect(history.match(/^revision \d+.*$/gm)).toEqual([
        'revision 5',
        'revision 4',
        'revision 3 (retracted)',
        'revision 2 (tag: stable)',
        'revision 1',
      ]);
      expect(history).toContain('and replaced with revision 2.\n\n    leaked\n');
      const json = JSON.parse(
        await ok(['env', 'version', 'history', 'v/app@3', '--output', 'json']),
      ) as { revision: number }[];
      expect(json.map((r) => r.revision)).toEqual([3, 2, 1]);

      await ok(['env', 'version', 'tag', 'rm', 'v/app@stable']);
      expect((await strata(['open', 'v/app@stable'])).code).toBe(3);
    });

    it('refuses to roll back to a revision that no longer checks', async () => {
      await ok(['env', 'init', 'rb/dep', '-f', '-'], 'values:\n  x: 1\n');
      await ok(['env', 'init', 'rb/app', '-f', '-'], 'imports:\n  - dep\nvalues:\n  y: 2\n');
      await ok(['env', 'edit', 'rb/app', '-f', '-'], 'values:\n  y: 3\n');
      await ok(['env', 'rm', 'rb/dep', '--yes']);
      const refused = await strata(['env', 'version', 'rollback', 'rb/app@1']);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toContain('default/rb/app:2:5: error:');
      expect(refused.stderr).toContain(
        'could not roll back default/rb/app to revision 1: it has errors today; nothing was stored',
      );
      const history = JSON.parse(
        await ok(['env', 'version', 'history', 'rb/app', '--output', 'json']),
      ) as unknown[];
      expect(history).toHaveLength(2);
    });

    it('diffs two versions', async () => {
      const diff = await ok(['env', 'diff', 'v/app@2', '@4']);
      expect(diff).toContain('# Value\n```diff\n--- default/v/app@2\n+++ default/v/app@4\n');
      expect(diff).toContain('-  "n": 1\n+  "n": 3\n');
      expect(diff).toContain('# Definition\n```diff\n');
      // The value's JSON ends without a newline, and the diff says so, as esc's does.
      expect(diff).toContain('\\ No newline at end of file\n\n```\n# Definition');
      // Another environment named without a version is labelled without one.
      expect(await ok(['env', 'diff', 'v/app', 'web/dev'])).toContain(
        '--- default/v/app@latest\n+++ default/web/dev\n',
      );
      expect(await ok(['env', 'diff', 'v/app@2', '@5'])).toBe('');
      expect(await ok(['env', 'diff', 'v/app@4', '--path', 'n'])).toContain('-3\n+1\n');
    });

    it('diffs one rendering with --format, as esc prints it', async () => {
      await ok(
        ['env', 'init', 'd/app', '-f', '-'],
        'values:\n  environmentVariables:\n    FOO: bar\n',
      );
      await ok(['env', 'set', 'd/app', 'environmentVariables.FOO', 'baz']);
      await ok(['env', 'set', 'd/app', 'environmentVariables.BAR', 'qux']);
      await ok(['env', 'set', 'd/app', 'token', 'hunter22', '--secret']);
      expect(await ok(['env', 'diff', 'd/app@1', '--format', 'dotenv'])).toBe(
        '--- default/d/app@1\n+++ default/d/app@latest\n@@ -1 +1,2 @@\n-FOO=bar\n+BAR=qux\n+FOO=baz\n',
      );
      expect(await ok(['env', 'diff', 'd/app@1', '@latest', '--format', 'shell'])).toContain(
        "-export FOO='bar'\n+export BAR='qux'\n+export FOO='baz'\n",
      );
      const json = await ok(['env', 'diff', 'd/app@3', '--format', 'json']);
      expect(json).toContain('+  "token": "[secret]"\n');
      expect(json).not.toContain('hunter22');
      expect(await ok(['env', 'diff', 'd/app@3', '--format', 'json', '--show-secrets'])).toContain(
        '+  "token": "hunter22"\n',
      );
      expect(await ok(['env', 'diff', 'd/app@4', '--format', 'string'])).toBe('');
      const bad = await strata(['env', 'diff', 'd/app@1', '--format', 'dotenv', '--path', 'a']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("output format 'dotenv' may not be used with a property path");
    });

    it('clones an environment with its secrets', async () => {
      expect(await ok(['env', 'clone', 'web/dev', 'web/copy'])).toBe(
        'Environment default/web/dev cloned into default/web/copy.\n',
      );
      expect(await ok(['open', 'web/copy', 'password', '-f', 'string'])).toBe('hunter2\n');
      if (conditionalWrites)
        expect((await strata(['env', 'clone', 'web/dev', 'web/copy'])).code).toBe(8);
    });

    it('clones with history, version tags and labels when asked', async () => {
      await ok(['env', 'init', 'hist/src', '-f', '-'], 'values:\n  n: 1\n');
      await ok(['env', 'set', 'hist/src', 'n', '2']);
      await ok(['env', 'set', 'hist/src', 'n', '3']);
      await ok(['env', 'version', 'tag', 'hist/src@stable', '2']);
      await ok(['env', 'tag', 'hist/src', 'team', 'pay']);
      await ok([
        'env',
        'clone',
        'hist/src',
        'hist/copy',
        '--preserve-history',
        '--preserve-rev-tags',
        '--preserve-env-tags',
        '--preserve-access',
      ]);
      const history = JSON.parse(
        await ok(['env', 'version', 'history', 'hist/copy', '--output', 'json']),
      ) as unknown[];
      expect(history).toHaveLength(3);
      expect(await ok(['open', 'hist/copy@stable', 'n', '-f', 'string'])).toBe('2\n');
      expect(await ok(['env', 'tag', 'get', 'hist/copy', 'team'])).toMatch(
        /^Name: team\nValue: pay\n/,
      );
      // Without the flags: the latest definition only.
      await ok(['env', 'clone', 'hist/src', 'hist/plain']);
      expect(
        JSON.parse(await ok(['env', 'version', 'history', 'hist/plain', '--output', 'json'])),
      ).toHaveLength(1);
      expect((await strata(['open', 'hist/plain@stable'])).code).toBe(3);
      expect(await ok(['env', 'tag', 'ls', 'hist/plain'])).toBe('');
    });

    it('sets a value from a file or stdin with -f, as UTF-8 only', async () => {
      await ok(['env', 'init', 'files/app']);
      await writeFile(join(dir, 'motd.txt'), 'hello world\n');
      await ok(['env', 'set', 'files/app', 'motd', '-f=motd.txt']);
      await ok(['env', 'set', '-f', '-', 'files/app', 'port'], '8080\n');
      await ok(['env', 'set', 'files/app', 'raw', '-f', 'motd.txt', '--string']);
      expect(await ok(['env', 'get', 'files/app', '--value', 'json'])).toBe(
        '{\n  "motd": "hello world",\n  "port": 8080,\n  "raw": "hello world\\n"\n}\n',
      );
      await writeFile(join(dir, 'binary'), Buffer.from([0xb0, 0x51, 0x99, 0x24]));
      const binary = await strata(['env', 'set', 'files/app', 'bin', '-f', 'binary']);
      expect(binary.code).toBe(2);
      expect(binary.stderr).toContain('file content must be valid UTF-8');
      const both = await strata(['env', 'set', 'files/app', 'x', 'y', '-f', 'motd.txt']);
      expect(both.code).toBe(2);
    });

    it('labels environments and protects them from deletion', async () => {
      expect(await ok(['env', 'tag', 'web/copy', 'team', 'pay', '--utc'])).toMatch(
        /^Name: team\nValue: pay\nLast updated at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC by \S+\n$/,
      );
      await ok(['env', 'tag', 'mv', 'web/copy', 'team', 'owner']);
      const listed = await ok(['env', 'tag', 'ls', 'web/copy']);
      expect(listed).toMatch(/^Name: owner\nValue: pay\nLast updated at .* by \S+\n$/);
      expect(await ok(['env', 'tag', 'get', 'web/copy', 'owner'])).toBe(listed);
      const json = JSON.parse(
        await ok(['env', 'tag', 'ls', 'web/copy', '--output', 'json']),
      ) as Record<string, unknown>[];
      expect(json).toHaveLength(1);
      expect(json[0]).toMatchObject({ name: 'owner', value: 'pay' });
      expect(typeof json[0]?.['updatedAt']).toBe('string');
      expect(await ok(['env', 'tag', 'rm', 'web/copy', 'owner'])).toBe(
        'Successfully deleted environment tag: owner\n',
      );
      expect(await ok(['env', 'tag', 'ls', 'web/copy'])).toBe('');

      expect(await ok(['env', 'settings', 'set', 'web/copy', 'deletion-protected', 'true'])).toBe(
        'true\n',
      );
      expect(await ok(['env', 'settings', 'get', 'web/copy'])).toBe('deletion-protected true\n');
      const refused = await strata(['env', 'rm', 'web/copy', '--yes']);
      expect(refused.code).toBe(8);
      expect(refused.stderr).toContain('deletion protection is on');
      expect(refused.stderr).toContain(
        'hint: turn it off with `strata env settings set <ref> deletion-protected false`',
      );
      await ok(['env', 'settings', 'set', 'web/copy', 'deletion-protected', 'false']);
      const unconfirmed = await strata(['env', 'rm', 'web/copy']);
      expect(unconfirmed.code).toBe(2);
      expect(await ok(['env', 'rm', 'web/copy', '--yes'])).toBe(
        'Environment "default/web/copy" has been removed!\n',
      );
      expect((await strata(['env', 'get', 'web/copy'])).code).toBe(3);
    });

    it('records an audit log', async () => {
      const events = JSON.parse(await ok(['audit', 'v/app', '--output', 'json'])) as {
        action: string;
      }[];
      expect(events.map((e) => e.action)).toEqual(
        expect.arrayContaining(['create', 'write', 'tag', 'rollback', 'retract', 'open']),
      );
      expect(await ok(['audit', 'web/dev'])).toMatch(/ create +default\/web\/dev@1\n/);
      expect(await ok(['audit', 'web/dev', '--since', '2999-01-01'])).toBe('');
      expect((await strata(['audit', '--since', 'last tuesday'])).code).toBe(2);
    });

    it('edits with $EDITOR and from a file', async () => {
      await ok(['env', 'init', 'ed/app', '-f', '-'], 'values:\n  a: one\n');
      // The editor is a shell command: rewrite the file in place.
      const edited = await strata(['env', 'edit', 'ed/app'], '', {
        EDITOR: 'sed -i.bak s/one/two/',
      });
      expect(edited.code).toBe(0);
      expect(await ok(['open', 'ed/app', 'a', '-f', 'string'])).toBe('two\n');
      // An edit that does not check reopens the editor with the errors on top, as comments.
      const script = join(dir, 'editor.sh');
      await writeFile(
        script,
        [
          'f="$1"; d="$(dirname "$0")"',
          'if [ -f "$d/count" ]; then',
          '  grep -q "^# strata: .*unknown property" "$f" && echo yes > "$d/saw-errors"',
          '  printf "values:\\n  a: fixed\\n" > "$f"',
          'else',
          '  touch "$d/count"; printf "values:\\n  a: \\${missing}\\n" > "$f"',
          'fi',
          '',
        ].join('\n'),
      );
      // ENTER on stdin: edit again.
      const reopened = await strata(['env', 'edit', 'ed/app'], '\n', { EDITOR: `sh ${script}` });
      expect(reopened.code).toBe(0);
      expect(reopened.stderr).toContain('Press ENTER to continue editing or ^D to exit\n');
      expect(await readFile(join(dir, 'saw-errors'), 'utf8')).toBe('yes\n');
      expect(await ok(['open', 'ed/app', 'a', '-f', 'string'])).toBe('fixed\n');
      await rm(join(dir, 'count'));

      // An editor that keeps saving a broken definition: the end of input ends the edit.
      const broken = join(dir, 'broken.sh');
      await writeFile(broken, 'printf "imports:\\n" > "$1"\n');
      const aborted = await strata(['env', 'edit', 'ed/app'], '', { EDITOR: `sh ${broken}` });
      expect(aborted.code).toBe(0);
      expect(aborted.stderr).toContain('Aborting edit.\n');
      expect(await ok(['open', 'ed/app', 'a', '-f', 'string'])).toBe('fixed\n');

      // Only the first YAML document is kept, without trailing blank lines.
      const docs = join(dir, 'docs.sh');
      await writeFile(
        docs,
        'printf "values:\\n  a: four\\n\\n\\n---\\n extra YAML doc\\n" > "$1"\n',
      );
      expect((await strata(['env', 'edit', 'ed/app'], '', { EDITOR: `sh ${docs}` })).code).toBe(0);
      expect(await ok(['env', 'get', 'ed/app', '--definition'])).toBe('values:\n  a: four\n');

      // The editor is looked for first, on PATH.
      const missing = await strata(['env', 'edit', 'ed/nope', '--editor', 'no-such-editor']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('editor "no-such-editor" not found on PATH');
      const none = await strata(['env', 'edit', 'ed/app'], '', {
        PATH: dir,
        EDITOR: '',
        VISUAL: '',
      });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('no available editor');

      await ok(['env', 'edit', 'ed/app', '-f', '-'], 'values:\n  a: three\n');
      const bad = await strata(['env', 'edit', 'ed/app', '-f', '-'], 'values:\n  a: ${missing}\n');
      expect(bad.code).toBe(5);
      expect(await ok(['open', 'ed/app', 'a', '-f', 'string'])).toBe('three\n');
    });

    it('explains errors in one line with a hint and a named exit code', async () => {
      const missing = await strata(['env', 'get', 'nope/nope']);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toBe(
        'error: environment default/nope/nope not found\nhint: list environments with `strata env ls`, revisions with `strata env version history <ref>`\n',
      );
      const malformed = await strata(['env', 'get', 'a/b/c/d']);
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toMatch(/^error: invalid environment ref "a\/b\/c\/d"/);
      // The master key is the backend's: a server's is on the server, never the CLI's.
      if (!server) {
        const wrongKey = await strata(['open', 'web/dev'], '', {
          STRATA_MASTER_KEY: randomBytes(32).toString('base64'),
        });
        expect(wrongKey.code).toBe(6);
        expect(wrongKey.stderr).toContain('hint: the master key is probably not the one');
        expect(wrongKey.stdout).toBe('');
        const badKey = await strata(['env', 'ls'], '', { STRATA_MASTER_KEY: 'short' });
        expect(badKey.code).toBe(6);
        expect(badKey.stderr).toContain('STRATA_MASTER_KEY is not a 32-byte key');
      }
      const debug = await strata(['env', 'get', 'nope/nope'], '', { STRATA_DEBUG: '1' });
      expect(debug.stderr).toContain('    at ');
      expect(missing.stderr).not.toContain('    at ');
    });

    it.runIf(conditionalWrites)(
      'lets concurrent writers of different keys all land, losing nothing',
      async () => {
        await ok(['env', 'init', 'race/app']);
        const keys = ['k0', 'k1', 'k2', 'k3'];
        // A set changes one path of the latest revision: losing the race to a writer of another
        // path means re-applying it to theirs, not a conflict.
        const results = await Promise.all(
          keys.map((k) => strata(['env', 'set', 'race/app', k, k])),
        );
        for (const r of results)
          expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
        const value = JSON.parse(await ok(['open', 'race/app'])) as Record<string, string>;
        expect(value).toEqual({ k0: 'k0', k1: 'k1', k2: 'k2', k3: 'k3' });
        const history = await ok(['env', 'version', 'history', 'race/app', '--output', 'json']);
        expect((JSON.parse(history) as { revision: number }[]).map((r) => r.revision)).toEqual([
          5, 4, 3, 2, 1,
        ]);
      },
      120_000,
    );
    it('reads a two-part ref as esc does when its first part is also an org', async () => {
      const warning = (ref: string, chosen: string): string =>
        `warning: environment reference "${ref}" is ambiguous (resolved to ${chosen}). Use <org>/<project>/<environment> instead.\n`;
      // `other` is an org without a project `default`: `other/x` is project other, env x.
      await ok(['env', 'init', 'other/tools/env']);
      const created = await strata(['env', 'init', 'other/x']);
      expect(created.stdout).toBe('Environment created: default/other/x\n');
      expect(created.stderr).toBe(warning('other/x', 'default/other/x'));
      // `legacy` has a project `default`: `legacy/env` is the legacy org/env form.
      await ok(['env', 'init', 'legacy/default/env', '-f', '-'], 'values:\n  string: esc\n');
      const got = await strata(['env', 'get', 'legacy/env@1', '--definition']);
      expect(got.stdout).toBe('values:\n  string: esc\n');
      expect(got.stderr).toBe(warning('legacy/env', 'legacy/default/env'));
      // `run` reads its ref itself, after its own flags: one warning too, not one per reading.
      const ran = await strata(['run', 'legacy/env', '--', process.execPath, '-e', '']);
      expect({ code: ran.code, stderr: ran.stderr }).toEqual({
        code: 0,
        stderr: warning('legacy/env', 'legacy/default/env'),
      });
      // Both readings exist: refused, and nothing is guessed.
      await ok(['env', 'init', 'default/legacy/other']);
      const both = await strata(['env', 'get', 'legacy/env']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('ambiguous path provided: "legacy/env"');
      expect(both.stdout).toBe('');
      // Three parts never need guessing.
      expect(await ok(['env', 'get', 'legacy/default/env', '--definition'])).toBe(
        'values:\n  string: esc\n',
      );
    });
  });
}
