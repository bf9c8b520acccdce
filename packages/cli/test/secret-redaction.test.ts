// No output of the CLI shows a secret, except where it is asked for: `open` (and `run`) print
// values in plaintext by design, and so does `--show-secrets`. Everything else (env get in every
// value format, env diff, env version history, audit, and every error, diagnostic and warning,
// open's included) is checked against random environments with random secrets, some with
// deliberate errors next to the secrets.
//
// What "appears" means: each secret starts with a character no other text uses (U+2603) and holds
// a marker unique to the run, so any piece of it (even the one character a JSON decoder quotes)
// is a hit without ambiguity. Secrets of one or two bytes (which `run` does not mask either) have
// no room for markers: they are checked structurally instead, in the redacted formats where they
// have a place (`--value json`, `--value dotenv`).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, runInProcess, type Result } from './_helpers.js';

const SENTINEL = '\u2603';

let sandbox: Awaited<ReturnType<typeof makeSandbox>>;
beforeAll(async () => {
  sandbox = await makeSandbox();
});
afterAll(() => sandbox.cleanup());

/** Runs the CLI against its own SQLite file; records every output. */
class Session {
  readonly outputs: { argv: string[]; stream: 'stdout' | 'stderr'; text: string }[] = [];
  private readonly env: Record<string, string>;

  constructor(db: string) {
    this.env = { ...sandbox.env, STRATA_BACKEND: `sqlite://${db}` };
  }

  async run(argv: string[], stdin = '', revealed = false): Promise<Result> {
    const r = await runInProcess(argv, this.env, stdin);
    // What open prints, and what --show-secrets asks for, holds secrets by design.
    if (!revealed) this.outputs.push({ argv, stream: 'stdout', text: r.stdout });
    this.outputs.push({ argv, stream: 'stderr', text: r.stderr });
    return r;
  }
}

// Secret text: what YAML, shells, dotenv, JSON and interpolation treat specially, NUL included.
const tailChar = fc.constantFrom(
  '\0',
  '"',
  "'",
  '`',
  '$',
  '{',
  '}',
  '\\',
  '\n',
  '\t',
  ' ',
  '#',
  ':',
  '-',
  'é',
  '日',
  '😀',
  'a',
  'Z',
);
const tail = fc
  .string({ unit: tailChar, maxLength: 10 })
  .filter((s) => !s.includes('${') && !s.endsWith('$'));

interface Case {
  secrets: string[];
  tiny: string;
  layout: {
    interpolate: boolean;
    toJson: boolean;
    toBase64: boolean;
    envVar: boolean;
    file: boolean;
    imported: boolean;
  };
  errors: {
    setBadPath: boolean;
    setInvalidYaml: boolean;
    initWithErrors: boolean;
    fromJsonAtOpen: boolean;
  };
}

const testCase: fc.Arbitrary<Case> = fc.record({
  secrets: fc.array(tail, { minLength: 1, maxLength: 3 }),
  tiny: fc.string({ unit: fc.constantFrom('a', 'b', '1', '"', '$'), minLength: 1, maxLength: 2 }),
  layout: fc.record({
    interpolate: fc.boolean(),
    toJson: fc.boolean(),
    toBase64: fc.boolean(),
    envVar: fc.boolean(),
    file: fc.boolean(),
    imported: fc.boolean(),
  }),
  errors: fc.record({
    setBadPath: fc.boolean(),
    setInvalidYaml: fc.boolean(),
    initWithErrors: fc.boolean(),
    fromJsonAtOpen: fc.boolean(),
  }),
});

const q = (s: string): string => JSON.stringify(s); // a YAML double-quoted scalar

let runs = 0;

async function check(c: Case): Promise<void> {
  const run = ++runs;
  const marks = c.secrets.map((_, i) => `Mk${run}x${i}q${randomBytes(3).toString('hex')}`);
  const secrets = c.secrets.map((t, i) => `${SENTINEL}${marks[i]}${t}`);
  const s = new Session(join(sandbox.dir, `run-${run}.db`));
  const { layout, errors } = c;

  if (layout.imported) {
    const base = `values:\n  inherited:\n    fn::secret: ${q(secrets[0]!)}\n`;
    expect((await s.run(['env', 'init', 'p/base', '-f', '-'], base)).code).toBe(0);
  }
  let def = layout.imported ? 'imports:\n  - base\nvalues:\n' : 'values:\n';
  secrets.forEach((secret, i) => (def += `  s${i}:\n    fn::secret: ${q(secret)}\n`));
  def += `  tiny:\n    fn::secret: ${q(c.tiny)}\n  plain: text\n`;
  if (layout.interpolate) def += '  greeting: "hello ${s0} and ${plain}"\n';
  if (layout.toJson) def += '  json:\n    fn::toJSON: {a: "${s0}", b: [1, "${plain}"]}\n';
  if (layout.toBase64) def += '  b64:\n    fn::toBase64: ${s0}\n';
  def += '  environmentVariables:\n    PLAIN: ${plain}\n    TINY: ${tiny}\n';
  if (layout.envVar) def += '    SECRET0: ${s0}\n';
  if (layout.file) def += `  files:\n    FILE0: \${s${secrets.length - 1}}\n`;

  expect((await s.run(['env', 'init', 'p/app', '-f', '-'], def)).code).toBe(0);
  // A second revision, so that diff and history have something to show.
  const arg = secrets[0]!.replaceAll('\0', ''); // a command line cannot hold NUL
  expect((await s.run(['env', 'set', 'p/app', 'added', arg, '--secret', '--string'])).code).toBe(0);

  // Deliberate errors next to secrets.
  if (errors.setBadPath) {
    const r = await s.run(['env', 'set', 'p/app', 'bad.fn::join', arg, '--secret', '--string']);
    expect(r.code).not.toBe(0);
    const r2 = await s.run(['env', 'set', 'p/app', 's0.more', arg, '--secret', '--string']);
    expect(r2.code).not.toBe(0);
  }
  if (errors.setInvalidYaml) {
    for (const value of [`*${arg}`, `"${arg}`, `[${arg}`, `{a: ${q(arg)}}`, arg, `${arg}\${x`])
      await s.run(['env', 'set', 'p/app', 'x', value, '--secret']);
  }
  if (errors.initWithErrors) {
    const bad =
      `values:\n  a: {fn::secret: ${q(secrets[0]!)}, b: "\${nope}"}\n` +
      `  c:\n    fn::secret: ${q(secrets[0]! + '${')}\n` +
      `  d:\n    fn::secret: ${q(secrets[0]!)}\n  e: \${d.nope}\n` +
      `  f:\n    fn::fromJSON: \${d}\n` +
      `  g:\n    fn::fromBase64: \${d}\n` +
      `  h: {fn::secret: ${q(`x\${${marks[0]}} \${${marks[0]}`)}, x: 1}\n`;
    expect((await s.run(['env', 'init', 'p/bad', '-f', '-'], bad)).code).not.toBe(0);
  }
  if (errors.fromJsonAtOpen) {
    // Checking sees the stored secret as unknown: only opening decodes it, and fails.
    const r = await s.run(['env', 'set', 'p/app', 'decoded', '{"fn::fromJSON": "${s0}"}']);
    expect(r.code).toBe(0);
  }

  // Outputs that must never hold a secret.
  await s.run(['env', 'get', 'p/app']);
  for (const path of ['s0', 'environmentVariables', 'tiny'])
    await s.run(['env', 'get', 'p/app', path]);
  for (const format of ['json', 'string', 'dotenv', 'shell', 'detailed'])
    await s.run(['env', 'get', 'p/app', '--value', format]);
  await s.run(['env', 'get', 'p/app', '--definition']);
  await s.run(['env', 'diff', 'p/app@1']);
  for (const format of ['json', 'string', 'dotenv', 'shell', 'detailed'])
    await s.run(['env', 'diff', 'p/app@1', '@latest', '--format', format]);
  await s.run(['env', 'version', 'history', 'p/app']);
  await s.run(['env', 'version', 'p/app@2']);
  await s.run(['audit']);
  await s.run(['audit', '--output', 'json']);
  // open prints values by design (stdout not checked); its errors, diagnostics and warnings are.
  let opened = '';
  for (const format of ['json', 'yaml', 'dotenv', 'shell', 'string', 'detailed']) {
    const r = await s.run(['open', 'p/app', '-f', format], '', true);
    if (format === 'json') opened = r.stdout;
    expect(r.code).toBe(errors.fromJsonAtOpen ? 5 : 0);
  }
  await s.run(['env', 'get', 'p/app', '--show-secrets'], '', true);

  for (const o of s.outputs) {
    for (const [i, mark] of marks.entries()) {
      if (o.text.includes(mark) || o.text.includes(SENTINEL)) {
        throw new Error(
          `secret ${i} in the ${o.stream} of \`strata ${o.argv.join(' ')}\`:\n${o.text}`,
        );
      }
    }
  }

  // Tiny secrets: by structure, in the redacted formats where they have a place.
  const json = JSON.parse(
    (await s.run(['env', 'get', 'p/app', '--value', 'json'])).stdout,
  ) as Record<string, unknown>;
  expect(json['tiny']).toBe('[secret]');
  expect((json['environmentVariables'] as Record<string, unknown>)['TINY']).toBe('[secret]');
  const dotenv = (await s.run(['env', 'get', 'p/app', '--value', 'dotenv'])).stdout;
  expect(dotenv).toContain('\nTINY=[secret]\n');
  // And what open is for: the secrets themselves (a sanity check of the marks).
  if (!errors.fromJsonAtOpen) expect(opened).toContain(marks[0]);
}

describe('no output holds a secret', () => {
  it('for random environments, secrets and errors', async () => {
    await fc.assert(fc.asyncProperty(testCase, check), { numRuns: 30 });
  }, 120_000);

  it('env set --secret with a bad path or bad YAML names the path, never the value', async () => {
    const s = new Session(join(sandbox.dir, 'set.db'));
    await s.run(['env', 'init', 'p/app']);
    const bad = await s.run(['env', 'set', 'p/app', 'a.fn::join', 'hunter2X', '--secret']);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain(' 4 |       fn::secret: [secret]\n');
    const alias = await s.run(['env', 'set', 'p/app', 'a', '*hunter2X', '--secret']);
    expect(alias).toMatchObject({ code: 2, stdout: '' });
    expect(alias.stderr).toBe(
      'error: invalid value: not valid YAML\nhint: quote it or pass --string\n',
    );
    const quote = await s.run(['env', 'set', 'p/app', 'a', '"hunter2X', '--secret']);
    expect(quote.stderr).toMatch(/^error: invalid value: not valid YAML at line 1, column \d+\n/);
    for (const r of [bad, alias, quote]) expect(r.stderr).not.toContain('hunter2');
  });

  it('open names the value that fn::fromJSON cannot decode, never its text', async () => {
    const s = new Session(join(sandbox.dir, 'json.db'));
    const def = 'values:\n  p:\n    fn::secret: hunter2X\n  j:\n    fn::fromJSON: ${p}\n';
    // Checking (init) sees the plaintext secret and refuses: without quoting it.
    const init = await s.run(['env', 'init', 'p/app', '-f', '-'], def);
    expect(init.code).toBe(5);
    expect(init.stderr).toContain(
      'default/p/app:5:5: error: decoding JSON string: a secret is not valid JSON (details hidden)\n',
    );
    expect(init.stderr).not.toMatch(/hunter2|'h'/);
  });
});
