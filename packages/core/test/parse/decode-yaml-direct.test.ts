import fc from 'fast-check';
import { Parser } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Converter } from '../../src/parse/_converter.js';
import { decodeCst } from '../../src/parse/_decode-cst.js';
import { LineIndex } from '../../src/parse/_line-index.js';
import { decodeYaml, decodeYamlComposed } from '../../src/parse/decode-yaml.js';

// decodeYaml converts most documents straight from the CST and composes the others; whichever
// path a document takes, the result must be the composed one.

/** Whether the CST path takes the document (instead of declining it). */
function direct(text: string): boolean {
  const tokens = Array.from(new Parser().parse(text));
  return decodeCst(tokens, new Converter('env', text, new LineIndex(text))) !== undefined;
}

const ENVIRONMENT = `# An environment
imports:
  - base
  - other   # a comment
values:
  name: service-1
  port: 8080
  ratio: 1.5
  enabled: true
  nothing: null
  hex: 0x1F
  quoted: "a \\"b\\" \\u00e9"
  single: 'it''s'
  é: 😀 wide
  url: https://\${name}.example:\${port}/v1
  tags: [a, "b", 'c', [1, 2.5], {}, {k: v, "q": 'w'}]
  empty: []
  db:
    password:
      fn::secret: pw
    token: {fn::secret: {ciphertext: ZXNjeAAAAAE=}}
  list:
    - one
    - two: 2
      three: 3
    - - nested
  text: |
    line one
    line two
  folded: >-
    folded
    text
  plain: first
    continued
  "1": quoted key
  # a trailing comment
`;

const DECLINED = [
  'a: &x 1\nb: *x\n',
  'a: !!int 3\n',
  '? a\n: b\n',
  'a:\n',
  '- \n',
  '---\na: 1\n',
  'a: 1\n---\nb: 2\n',
  'a: [x,\n  y]\n',
  'a: [x, ]\n',
  'a: {b}\n',
  'a:\n\t- x\n',
  'a: b: c\n',
  'x\n',
  '',
  '# only a comment\n',
];

describe('decodeYaml: the CST path', () => {
  it('takes a typical environment, with the composed result', () => {
    expect(direct(ENVIRONMENT)).toBe(true);
    const result = decodeYaml('env', ENVIRONMENT);
    expect(result.diagnostics).toEqual([]);
    expect(result).toEqual(decodeYamlComposed('env', ENVIRONMENT));
  });

  it.each([
    ['a non-string key', '1: x\nvalues: {2: y}\n'],
    ['a comment between items', 'a:\n  - x\n  # c\n  - y\n'],
    ['a block sequence at the root', '- a\n- [b]\n'],
  ])('takes %s, with the composed result', (_, text) => {
    expect(direct(text)).toBe(true);
    expect(decodeYaml('env', text)).toEqual(decodeYamlComposed('env', text));
  });

  it.each(DECLINED)('declines %j, whose result is the composed one', (text) => {
    expect(direct(text)).toBe(false);
    expect(decodeYaml('env', text)).toEqual(decodeYamlComposed('env', text));
  });

  it('agrees with composing on edits of an environment', () => {
    const pieces = [
      '\n',
      ' ',
      '  ',
      '\t',
      ':',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ',',
      '"',
      "'",
      '#',
      '&a ',
      '*a',
      '!',
      '$',
      '|',
      '>',
      '?',
      '0',
      'é',
      '😀',
    ];
    const edit = fc.record({
      at: fc.nat({ max: ENVIRONMENT.length }),
      cut: fc.nat({ max: 3 }),
      insert: fc.constantFrom(...pieces),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = ENVIRONMENT;
        for (const { at, cut, insert } of edits)
          text = text.slice(0, at) + insert + text.slice(at + cut);
        expect(decodeYaml('env', text)).toEqual(decodeYamlComposed('env', text));
      }),
      { numRuns: 250 },
    );
  });
});
