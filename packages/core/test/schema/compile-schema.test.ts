import { describe, expect, it } from 'vitest';
import { compileSchema, schemaPattern, schemaRef } from '../../src/schema/compile-schema.js';
import type { Schema } from '../../src/schema/schema.js';

function error(schema: Schema): string | undefined {
  const r = compileSchema(schema);
  return r.ok ? undefined : r.error;
}

describe('compileSchema', () => {
  it('resolves $ref against the root $defs, including URL-escaped names', () => {
    const target: Schema = { type: 'string' };
    const inner: Schema = { $ref: '#/$defs/a%20b' };
    const root: Schema = { $defs: { 'a b': target }, properties: { x: inner } };
    expect(compileSchema(root).ok).toBe(true);
    expect(schemaRef(inner)).toBe(target);
  });

  it('handles recursive references', () => {
    const root: Schema = {
      $defs: { node: { type: 'array', items: { $ref: '#/$defs/node' } } },
      $ref: '#/$defs/node',
    };
    expect(compileSchema(root).ok).toBe(true);
  });

  it.each<[string, Schema, string]>([
    [
      'a non-fragment ref',
      { $ref: 'http://x/y' },
      'only fragment references of the form #/$defs/ref are supported',
    ],
    [
      'a nested fragment',
      { $ref: '#/$defs/a/b' },
      'only fragment references of the form #/$defs/ref are supported',
    ],
    ['an unknown def', { $ref: '#/$defs/missing' }, 'unknown subschema #/$defs/missing'],
    ['a bad escape', { $defs: {}, $ref: '#/$defs/%zz' }, 'invalid URL escape "%zz"'],
    [
      'an error below',
      { properties: { a: { items: { $ref: '#/$defs/x' } } } },
      'unknown subschema #/$defs/x',
    ],
    ['a fractional length', { minLength: 1.5 }, 'strconv.ParseUint: parsing "1.5": invalid syntax'],
    ['a negative count', { maxItems: -1 }, 'strconv.ParseUint: parsing "-1": invalid syntax'],
    [
      'look-ahead',
      { pattern: 'a(?=b)' },
      'error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    ],
    [
      'negative look-ahead',
      { pattern: '(?!b)' },
      'error parsing regexp: invalid or unsupported Perl syntax: `(?!`',
    ],
    [
      'look-behind',
      { pattern: '(?<=a)b' },
      'error parsing regexp: invalid named capture: `(?<=a)b`',
    ],
    [
      'a back-reference',
      { pattern: '(a)\\1' },
      'error parsing regexp: invalid escape sequence: `\\1`',
    ],
    ['an unclosed group', { pattern: '(abc' }, 'error parsing regexp: missing closing ): `(abc`'],
    ['an unopened group', { pattern: 'abc)' }, 'error parsing regexp: unexpected ): `abc)`'],
    ['an unclosed class', { pattern: 'x[abc' }, 'error parsing regexp: missing closing ]: `[abc`'],
    [
      'a dangling repetition',
      { pattern: '*a' },
      'error parsing regexp: missing argument to repetition operator: `*`',
    ],
    [
      'a nested repetition',
      { pattern: 'a**' },
      'error parsing regexp: invalid nested repetition operator: `**`',
    ],
    [
      'a huge repeat count',
      { pattern: 'a{1001}' },
      'error parsing regexp: invalid repeat count: `{1001}`',
    ],
    [
      'an unknown escape',
      { pattern: '\\e' },
      'error parsing regexp: invalid escape sequence: `\\e`',
    ],
    [
      'a trailing backslash',
      { pattern: 'a\\' },
      'error parsing regexp: trailing backslash at end of expression: ``',
    ],
    [
      'a bad class range',
      { pattern: '[z-a]' },
      'error parsing regexp: invalid character class range: `z-a`',
    ],
  ])('rejects %s', (_name, schema, message) => {
    expect(error(schema)).toBe(message);
  });

  it('ignores problems in unreferenced $defs, as upstream does', () => {
    expect(error({ $defs: { unused: { pattern: '(' } } })).toBeUndefined();
  });
});

describe('RE2 patterns', () => {
  function matches(pattern: string, input: string): boolean {
    const schema: Schema = { pattern };
    const r = compileSchema(schema);
    if (!r.ok) throw new Error(r.error);
    return schemaPattern(schema)?.test(input) ?? false;
  }

  it.each<[string, string, boolean]>([
    ['^foo[0-9]+$', 'foo42', true],
    ['^foo[0-9]+$', 'esc', false],
    ['[0-9]+', 'abc123def', true],
    ['^a$', 'a\n', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['^a.c$', 'a\nc', false],
    ['(?s)^a.c$', 'a\nc', true],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'ab\n', false],
    ['^\\s$', '\u00a0', false],
    ['^\\s$', '\t', true],
    ['^[\\s]$', '\u2003', false],
    ['^[[:alpha:]]+$', 'abcXYZ', true],
    ['^[[:^digit:]]+$', 'ab1', false],
    ['^\\pL+$', 'héllo', true],
    ['^\\p{Greek}+$', 'αβγ', true],
    ['^\\P{L}$', '1', true],
    ['^(?P<year>\\d{4})-(?<m>\\d{2})$', '2024-01', true],
    ['(?i)^abc$', 'ABC', true],
    ['^a{2,}$', 'aaa', true],
    ['^a{,2}$', 'a{,2}', true],
    ['^\\Q.*\\E$', '.*', true],
    ['^\\Q.*\\E$', 'ab', false],
    ['^\\x41\\x{42}\\101$', 'ABA', true],
    ['^\\#\\:\\@$', '#:@', true],
    ['^[\\]a-]+$', ']-a', true],
    ['^[^\\n]$', '\n', false],
    ['^(?:ab)+$', 'abab', true],
    ['^(?U)a+$', 'aaa', true],
    ['^é{2}$', 'éé', true],
    ['^.$', '😀', true],
  ])('%s on %j → %s', (pattern, input, expected) => {
    expect(matches(pattern, input)).toBe(expected);
  });

  it.each(['a(?i:b)', '^(?i)abc$', '(?-i)a'])(
    'rejects scoped case-insensitivity in %s',
    (pattern) => {
      expect(error({ pattern })).toMatch(
        /^error parsing regexp: case-insensitive groups are not supported: /,
      );
    },
  );
});
