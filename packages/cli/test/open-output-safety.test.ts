// `open -f shell|dotenv|json|detailed` output is safe to consume: eval'd by a real `sh` it runs
// nothing and sets exactly the values; names that are not variable names are left out with a
// warning on stderr; `.nan` / `.inf` still make valid JSON.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, runInProcess } from './_helpers.js';

const DEFINITION = `values:
  n: .nan
  inf: .inf
  environmentVariables:
    SUBST: "$(touch pwned-subst)"
    TICKS: "\`touch pwned-ticks\`"
    SEMI: "x\\"; touch pwned-semi; echo \\""
    QUOTES: "it's \\"quoted\\" \\\\ $HOME #"
    LINES: "line 1\\nline 2\\n"
    PLAIN: hello world
    "X;touch pwned-key": value
    "$(touch pwned-key2)": value
    "1ABC": value
  files:
    "../../escape": content
    CERT: certificate
`;

describe('open output is safe to consume', () => {
  let env: Record<string, string>;
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ env, dir, cleanup } = await makeSandbox());
    const init = await runInProcess(['env', 'init', 'safe/app', '-f', '-'], env, DEFINITION);
    expect(init.stderr).toBe('');
  });
  afterAll(() => cleanup());

  const values = {
    SUBST: '$(touch pwned-subst)',
    TICKS: '`touch pwned-ticks`',
    SEMI: 'x"; touch pwned-semi; echo "',
    QUOTES: 'it\'s "quoted" \\ $HOME #',
    LINES: 'line 1\nline 2\n',
    PLAIN: 'hello world',
  };
  const INVALID =
    'warning: left out "$(touch pwned-key2)", "1ABC", "X;touch pwned-key", "../../escape": not valid variable names (letters, digits and _, not starting with a digit)\n';

  it('-f shell: eval in sh runs nothing and sets exactly the values', async () => {
    const r = await runInProcess(['open', 'safe/app', '-f', 'shell'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(INVALID);
    const file = join(dir, 'out.sh');
    writeFileSync(file, r.stdout);
    const names = [...Object.keys(values), 'CERT'];
    const script = `eval "$(cat "$1")"; for n in ${names.join(' ')}; do eval "printf '%s\\\\0' \\"\\$$n\\""; done`;
    const out = execFileSync('sh', ['-c', script, 'sh', file], { cwd: dir, env: {} });
    const got = out.toString('utf8').split('\0');
    expect(Object.fromEntries(Object.keys(values).map((k, i) => [k, got[i]]))).toEqual(values);
    for (const f of ['pwned-subst', 'pwned-ticks', 'pwned-semi', 'pwned-key', 'pwned-key2'])
      expect(existsSync(join(dir, f))).toBe(false);
    // The file with a path for a name was neither printed nor written.
    expect(got[names.length - 1]).toMatch(/\/CERT$/);
    expect(existsSync(join(got[names.length - 1]!, '..', '..', '..', 'escape'))).toBe(false);
  });

  it('-f dotenv: the dotenv package reads exactly the values; docker caveats on stderr', async () => {
    const r = await runInProcess(['open', 'safe/app', '-f', 'dotenv'], env);
    expect(r.code).toBe(0);
    const parsed = dotenv.parse(r.stdout);
    // QUOTES mixes both quotes, `\`, `$` and `#`: no dotenv quoting carries that, so it is left out.
    expect({ ...parsed, CERT: undefined }).toEqual({
      ...values,
      QUOTES: undefined,
      CERT: undefined,
    });
    expect(r.stderr).toBe(
      INVALID +
        'warning: left out QUOTES: no dotenv quoting reads its value back exactly (use -f shell or -f json)\n' +
        'warning: LINES, SUBST, TICKS are quoted: dotenv and dotenvx read them exactly, docker --env-file (which has no quoting) would keep the quotes\n',
    );
    expect(r.stdout).toContain('LINES="line 1\\nline 2\\n"\n');
  });

  it('env get --value shell|dotenv warns the same way', async () => {
    const r = await runInProcess(['env', 'get', 'safe/app', '--value', 'shell'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("export SUBST='[secret]'\n".replace('[secret]', values.SUBST));
    expect(r.stderr).toBe(INVALID);
  });

  it('-f json and -f detailed stay valid JSON with .nan and .inf', async () => {
    const json = await runInProcess(['open', 'safe/app', '-f', 'json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ n: 'NaN', inf: '+Inf' });
    const got = await runInProcess(['env', 'get', 'safe/app', 'n', '--value', 'json'], env);
    expect(JSON.parse(got.stdout)).toBe('NaN');
    const detailed = await runInProcess(['open', 'safe/app', 'inf', '-f', 'detailed'], env);
    expect(JSON.parse(detailed.stdout)).toMatchObject({ value: '+Inf' });
  });
});
