import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { formatOutput, type OutputFormat } from '../../src/projection/format-output.js';
import { renderDiagnostic } from '../../src/diagnostics/render-diagnostics.js';
import { valueToPlainJson } from '../../src/projection/render-value-json.js';
import { goJsonEncode } from '../../src/internal/_go-json.js';
import type { Value } from '../../src/value/value.js';
import { echoProviders, evaluate, memoryLoader } from './_harness.js';

// Invariants over any input: evaluation returns diagnostics and never throws or hangs, and a
// secret's plaintext never reaches redacted output, check output or a diagnostic.

const json = (value: Value | undefined) =>
  value === undefined ? undefined : goJsonEncode(valueToPlainJson(value, { redact: true }));

// Seeds from the ESC corpus when there is one (see the global setup), else a minimal document.
const corpus = inject('escCorpus');
const seeds = corpus.cases
  .filter((dir) => existsSync(join(corpus.dir, dir, 'env.yaml')))
  .map((dir) => readFileSync(join(corpus.dir, dir, 'env.yaml'), 'utf8'));

const FRAGMENTS = [
  '${',
  '}',
  '${a.b}',
  'fn::secret',
  'fn::open::echo',
  'fn::join',
  '[',
  ']',
  '{',
  ':',
  '- ',
  '\n  ',
  '"',
  '$$',
  'imports:',
  'values:',
  '&a',
  '*a',
  'fn::toJSON: ',
  '\t',
  '#',
];

/** A seed document with random edits: deletions, insertions of language fragments, duplications. */
const mutatedYaml = fc
  .tuple(
    fc.constantFrom(...(seeds.length > 0 ? seeds : ['values:\n  a: 1\n'])),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 12 }),
        fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, cut, insert] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + cut);
    }
    return text;
  });

const loader = memoryLoader({
  a: 'values:\n  shared: 1\n  a: {b: ${shared}}\n',
  b: 'imports: [a]\nvalues:\n  nested: {fn::secret: inner-secret-value}\n',
});

describe('evaluation never throws', () => {
  it('on random and mutated YAML, in every mode', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedYaml, fc.string({ maxLength: 200 })), async (text) => {
        for (const mode of ['check', 'eval'] as const) {
          const result = await evaluate('fuzz', text, { mode, loader, providers: echoProviders() });
          expect(Array.isArray(result.diagnostics)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on 10,000 levels of nesting', async () => {
    const depth = 10_000;
    // Collections nested past the YAML layer's limit are one clear error and nothing evaluated.
    for (const text of [
      `values:\n  deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
      `values:\n  deep: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
    ]) {
      const result = await evaluate('deep', text);
      expect(result.diagnostics.map((d) => [d.severity, d.summary])).toEqual([
        ['error', 'yaml: document nesting too deep'],
      ]);
      expect(result.value).toBeUndefined();
    }
    // Unclosed interpolations nested as deep are errors at the value, which stays unknown.
    const result = await evaluate('deep', `values:\n  deep: ${'${a'.repeat(depth)}\n`);
    expect(result.diagnostics[0]?.summary).toBe("missing closing brace '}' in interpolation");
    expect(result.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(json(result.value)).toBe('{"deep":"[unknown]"}');
  });

  it('on megabyte strings', async () => {
    const big = 'x'.repeat(1 << 20);
    const text = `values:\n  big: ${big}\n  twice: \${big}\${big}\n  json: {fn::toJSON: "\${big}"}\n  b64: {fn::toBase64: "\${big}"}\n`;
    const result = await evaluate('big', text);
    expect(result.diagnostics).toEqual([]);
    expect(formatOutput(result.value, 'string', { redact: true }).length).toBeGreaterThan(4 << 20);
  });
});

describe('secrets never leak', () => {
  const plaintext = fc
    .stringMatching(/^[A-Za-z0-9]{6,20}$/)
    .map((s) => `Zq${s}`)
    .filter((s) => !s.includes('unknown') && !s.includes('secret'));
  const uses = fc.subarray(
    [
      'ref: ${s}',
      'interp: "prefix-${s}-suffix"',
      'obj: {inner: "${s}", list: ["${s}", 2]}',
      'json: {fn::toJSON: {k: "${s}"}}',
      'b64: {fn::toBase64: "${s}"}',
      'joined: {fn::join: ["-", ["${s}", "x"]]}',
      'split: {fn::split: ["q", "${s}"]}',
      'str: {fn::toString: ["${s}"]}',
      'parsed: {fn::fromJSON: "${s}"}',
      'opened: {fn::open::echo: {v: "${s}"}}',
      'bad: ${s.nope}',
      'environmentVariables: {SECRET: "${s}", PLAIN: visible}',
      'files: {FILE: "${s}"}',
    ],
    { minLength: 1 },
  );

  it('from redacted output, check output and diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(plaintext, uses, async (secret, lines) => {
        const source = `values:\n  s: {fn::secret: ${secret}}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
        for (const mode of ['check', 'eval'] as const) {
          const result = await evaluate('leak', source, { mode, providers: echoProviders() });
          expect(result.value).toBeDefined(); // the document loaded: the property is not vacuous
          const outputs = (['json', 'yaml', 'dotenv', 'shell', 'string'] as OutputFormat[]).map(
            (format) => formatOutput(result.value, format, { redact: true }),
          );
          const diagnostics = result.diagnostics.map(
            (d) => `${d.summary} ${renderDiagnostic(d, undefined, { color: false })}`,
          );
          for (const text of [...outputs, ...diagnostics]) {
            expect(text).not.toContain(secret);
            expect(text).not.toContain(Buffer.from(secret).toString('base64').slice(0, 8));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
