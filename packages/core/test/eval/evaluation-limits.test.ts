import { describe, expect, it } from 'vitest';
import { evaluateEnvironment } from '../../src/eval/evaluate-environment.js';
import { DEFAULT_EVALUATION_LIMITS } from '../../src/eval/evaluation-limits.js';
import { parseEnvironment } from '../../src/ast/parse-environment.js';
import { valueToPlainJson } from '../../src/projection/render-value-json.js';
import { goJsonEncode } from '../../src/internal/_go-json.js';
import type { EvaluationLimits } from '../../src/eval/evaluation-limits.js';
import type { Value } from '../../src/value/value.js';
import { echoProviders, memoryLoader } from './_harness.js';

// A few hundred bytes can describe values that double at every reference; evaluation stops at
// its limits with a diagnostic at the path that crosses one, in every mode, and finishes.

const json = (value: Value | undefined) =>
  value === undefined ? undefined : goJsonEncode(valueToPlainJson(value, { redact: true }));

async function run(
  source: string,
  options: {
    mode?: 'check' | 'eval';
    limits?: Partial<EvaluationLimits>;
    imports?: Record<string, string>;
  } = {},
) {
  const { environment, diagnostics } = parseEnvironment('bomb', source);
  expect(diagnostics).toEqual([]);
  const result = await evaluateEnvironment({
    name: 'bomb',
    environment: environment!,
    mode: options.mode ?? 'eval',
    loader: memoryLoader(options.imports ?? {}),
    providers: echoProviders(),
    limits: options.limits,
  });
  return {
    value: result.value,
    diagnostics: result.diagnostics.map((d) => [d.severity, d.summary, d.path]),
  };
}

/** `x1: <twice x0>`, ..., 25 levels: 2^25 times the first value. */
const doubling = (first: string, twice: (previous: string) => string, levels = 25) =>
  'values:\n' +
  `  x0: ${first}\n` +
  Array.from({ length: levels }, (_, i) => `  x${i + 1}: ${twice(`x${i}`)}\n`).join('');

describe('evaluation limits', () => {
  it.each(['check', 'eval'] as const)(
    'stops strings that double at every reference, at the first too long (%s)',
    async (mode) => {
      const source = doubling('"0123456789abcdef0123456789"', (x) => `"\${${x}}\${${x}}"`);
      expect(source.length).toBeLessThan(600);
      const { value, diagnostics } = await run(source, { mode });
      // 26 × 2^k > 4 MiB from k = 18 on.
      expect(diagnostics).toEqual([
        ['error', 'string too long: more than 4194304 characters', 'values.x18'],
      ]);
      const plain = JSON.parse(json(value)!) as Record<string, string>;
      expect(plain['x17']).toHaveLength(26 * 2 ** 17);
      expect(plain['x18']).toBe('[unknown]');
      expect(plain['x25']).toBe('[unknown]');
    },
  );

  it.each(['check', 'eval'] as const)(
    'stops collections that double at every reference, once (%s)',
    async (mode) => {
      const { value, diagnostics } = await run(
        doubling('[1, 2]', (x) => `["\${${x}}", "\${${x}}"]`),
        {
          mode,
        },
      );
      expect(diagnostics).toEqual([
        [
          'error',
          'evaluation stopped: the environment builds more than 200000 values',
          expect.stringMatching(/^values\.x\d+/),
        ],
      ]);
      expect(json(value)).toContain('"x25":"[unknown]"');
    },
  );

  it('bounds every builtin that can grow a value', async () => {
    const limits = { maxStringLength: 1000, maxCollectionLength: 50 };
    const big = 'x'.repeat(800);
    const cases: [string, string][] = [
      ['{fn::join: ["", ["${s}", "${s}"]]}', 'string too long: more than 1000 characters'],
      ['{fn::toJSON: ["${s}", "${s}"]}', 'string too long: more than 1000 characters'],
      ['{fn::toString: ["${s}", "${s}"]}', 'string too long: more than 1000 characters'],
      ['{fn::toBase64: "${s}"}', 'string too long: more than 1000 characters'],
      ['{fn::split: ["", "${s}"]}', 'collection too large: more than 50 elements'],
      [
        '{fn::concat: [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26], [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26]]}',
        'collection too large: more than 50 elements',
      ],
      [
        `{fn::fromJSON: "[${Array.from({ length: 60 }, () => '0').join(',')}]"}`,
        'collection too large: more than 50 elements',
      ],
      [
        '{fn::open::echo: {list: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51]}}',
        'collection too large: more than 50 elements',
      ],
    ];
    for (const [expression, summary] of cases) {
      const { value, diagnostics } = await run(`values:\n  s: ${big}\n  out: ${expression}\n`, {
        limits,
      });
      expect(diagnostics, expression).toEqual([['error', summary, 'values.out']]);
      expect(json(value), expression).toContain('"out":"[unknown]"');
    }
  });

  it('reports a limit crossed by an import there, and the importer still opens', async () => {
    const bomb = doubling('"0123456789abcdef0123456789"', (x) => `"\${${x}}\${${x}}"`);
    const { value, diagnostics } = await run('imports: [bomb2]\nvalues:\n  own: 1\n', {
      imports: { bomb2: bomb },
    });
    expect(diagnostics).toEqual([
      ['error', 'string too long: more than 4194304 characters', 'values.x18'],
    ]);
    expect(json(value)).toContain('"own":1');
  });

  it('stops at the total work of a pass', async () => {
    // Many references to one large object: each is a copy, each copy is work.
    const source =
      'values:\n  big: [' +
      Array.from({ length: 1000 }, (_, i) => i).join(',') +
      ']\n' +
      Array.from({ length: 200 }, (_, i) => `  r${i}: \${big}\n`).join('');
    const { diagnostics } = await run(source, { limits: { maxWork: 50_000 } });
    expect(diagnostics).toEqual([
      [
        'error',
        'evaluation stopped: the environment needs more than 50000 steps',
        expect.stringMatching(/^values\.r\d+$/),
      ],
    ]);
  });

  it('leaves real environments far below the defaults', async () => {
    // 10 imports of 2,000 values each, everything referenced and interpolated once more.
    const imports: Record<string, string> = {};
    for (let i = 0; i < 10; i++) {
      imports[`imp${i}`] =
        'values:\n' +
        Array.from({ length: 2000 }, (_, k) => `  k${i}_${k}: value-${i}-${k}\n`).join('');
    }
    const source =
      `imports: [${Object.keys(imports).join(', ')}]\nvalues:\n` +
      Array.from({ length: 2000 }, (_, k) => `  r${k}: "\${k0_${k}}/\${k9_${k}}"\n`).join('') +
      '  all:\n    fn::toJSON: ${imports}\n';
    const { diagnostics } = await run(source, { imports });
    expect(diagnostics).toEqual([]);
    expect(DEFAULT_EVALUATION_LIMITS.maxValues).toBe(200_000);
  });
});
