// No diagnostic shows a secret: source lines mask what `fn::secret` holds, builtins' messages do
// not quote secret inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/ast/parse-environment.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderDiagnostic } from '../../src/diagnostics/render-diagnostics.js';
import { evaluateEnvironment } from '../../src/eval/evaluate-environment.js';

/** Every diagnostic of loading and checking `source`, rendered as the CLI prints them. */
async function rendered(source: string): Promise<string> {
  const parsed = parseEnvironment('app', source);
  const diagnostics = [...parsed.diagnostics];
  if (parsed.environment !== undefined) {
    const checked = await evaluateEnvironment({
      name: 'app',
      environment: parsed.environment,
      mode: 'check',
    });
    diagnostics.push(...checked.diagnostics);
  }
  return diagnostics.map((d) => renderDiagnostic(d, source, { color: false })).join('');
}

describe('source lines of diagnostics', () => {
  it('mask a plaintext secret and underline the mask', async () => {
    const out = await rendered('values:\n  a:\n    fn::secret: hunter2${x\n');
    expect(out).toBe(
      [
        // At the end of the secret: the caret goes after the mask.
        "app:3:27: error: missing closing brace '}' in interpolation",
        ' 3 |     fn::secret: [secret]',
        '   |                         ^',
        'app:3:17: error: secret values must be string literals',
        ' 3 |     fn::secret: [secret]',
        '   |                 ^^^^^^^^',
        '',
      ].join('\n'),
    );
  });

  it('mask a secret where the error is about the object holding it', async () => {
    // env set <path> <value> --secret with a path whose parent is a builtin.
    const out = await rendered('values:\n  a:\n    fn::join:\n      fn::secret: hunter2\n');
    expect(out).toContain(' 4 |       fn::secret: [secret]\n');
    expect(out).not.toContain('hunter2');
  });

  it('keep the rest of the line and move carets after a mask', async () => {
    const out = await rendered('values:\n  a: {x: {fn::secret: "hunter2"}, y: "${nope}"}\n');
    expect(out).toBe(
      [
        'app:2:38: error: unknown property "nope"',
        ' 2 |   a: {x: {fn::secret: [secret]}, y: "${nope}"}',
        '   | ' + ' '.repeat(36) + '^^^^^^^',
        '',
      ].join('\n'),
    );
  });

  it('mask every line of a multi-line secret, lists and keys in invalid forms too', async () => {
    const block = await rendered('values:\n  a:\n    fn::secret: |\n      hunter2\n      ${x\n');
    expect(block).not.toContain('hunter2');
    expect(block).toContain('[secret]');
    const list = await rendered('values:\n  a:\n    fn::secret: [hunter2, {k: hunter3}]\n');
    expect(list).toContain(' 3 |     fn::secret: [[secret], {[secret]: [secret]}]\n');
  });

  it('mask what the summary of a diagnostic inside a secret literal quotes', async () => {
    // Not a call (another key beside it): the argument is evaluated, its accessor quoted.
    const out = await rendered('values:\n  a: {fn::secret: "${hunter2", x: 1}\n');
    expect(out).toContain('app:2:19: error: unknown property [secret]\n');
    expect(out).not.toContain('hunter2');
  });

  it('mask ciphertext, keeping its key', async () => {
    const out = await rendered('values:\n  a:\n    fn::secret: {ciphertext: "!!"}\n');
    expect(out).toContain(' 3 |     fn::secret: {ciphertext: [secret]}\n');
  });

  it('mask what an alias under fn::secret points to', () => {
    // ESC refuses aliases, but the error shows a line: the anchored secret is masked there too.
    const source = 'values:\n  a: &x hunter2\n  b: {fn::secret: *x}\n';
    const d = diag(2, 3);
    expect(renderDiagnostic(d, source, { color: false })).not.toContain('hunter2');
  });

  it('are left out when the text is not YAML and holds fn::secret', () => {
    const source = 'values:\n  a: {fn::secret: hunter2\n';
    expect(renderDiagnostic(diag(2, 3), source, { color: false })).toBe('app:2:3: error: oops\n');
  });
});

function diag(line: number, column: number): Diagnostic {
  const at = { line, column, byte: 0 };
  return {
    code: 'INTERNAL',
    severity: 'error',
    summary: 'oops',
    path: '',
    range: { filename: 'app', start: at, end: at },
  };
}

describe('builtin messages', () => {
  it('fn::fromJSON does not quote a secret input', async () => {
    const out = await rendered(
      'values:\n  p:\n    fn::secret: hunter2\n  j:\n    fn::fromJSON: ${p}\n  k:\n    fn::fromJSON: hunter2\n',
    );
    expect(out).toContain(
      'app:5:5: error: decoding JSON string: a secret is not valid JSON (details hidden)\n',
    );
    // Not a secret: the decoder's own message, as in esc.
    expect(out).toContain(
      "app:7:5: error: decoding JSON string: invalid character 'h' looking for beginning of value\n",
    );
  });
});

describe('no rendered diagnostic holds a secret', () => {
  const MARK = 'Zq7';
  // A marked secret with what YAML and interpolation treat specially around it.
  const secret = fc
    .tuple(
      fc.string({
        unit: fc.constantFrom('"', "'", '$', '{', '}', '\\', '\n', ' ', '#', ':', 'é', 'x'),
      }),
      fc.string({
        unit: fc.constantFrom('"', "'", '$', '{', '}', '\\', '\n', ' ', '#', ':', 'é', 'x'),
      }),
    )
    .map(([a, b]) => `${a}${MARK}${b}`);
  const templates: ((s: string) => string)[] = [
    (s) => `values:\n  a:\n    fn::secret: ${JSON.stringify(s)}\n  b: \${a.nope}\n  c: \${nope}\n`,
    (s) => `values:\n  a: {fn::secret: ${JSON.stringify(s)}, x: 1}\n`,
    (s) => `values:\n  a:\n    fn::join:\n      fn::secret: ${JSON.stringify(s)}\n`,
    (s) => `values:\n  a:\n    fn::secret: ${JSON.stringify(s + '${')}\n`,
    (s) => `values:\n  a:\n    fn::secret: ${JSON.stringify(s)}\n  j:\n    fn::fromJSON: \${a}\n`,
    (s) => `imports:\n  fn::secret: ${JSON.stringify(s)}\n`,
    (s) => `values:\n  a:\n    fn::secret: [${JSON.stringify(s)}]\n`,
    (s) =>
      `values:\n  a:\n    fn::secret: |\n${s
        .split('\n')
        .map((l) => `      ${l}\${`)
        .join('\n')}\n`,
  ];

  it('for random secrets in definitions with errors', async () => {
    await fc.assert(
      fc.asyncProperty(secret, fc.constantFrom(...templates), async (s, template) => {
        const out = await rendered(template(s));
        expect(out).not.toContain(MARK);
      }),
      { numRuns: 500 },
    );
  });
});
