import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/value/value.js';
import {
  formatOutput,
  formatOutputWithWarnings,
  type OutputFormat,
} from '../../src/projection/format-output.js';
import { arr, bool, nul, num, obj, secret, str, unknown } from './_values.js';

// open-dotenv.yaml / open-shell.yaml: `test` imports `test-2`.
function openDotenvRoot(): Value {
  const importedVars = obj({ HELLO: str('world') });
  const importedFiles = obj({ FILE: str('bar') });
  const imported = obj({
    foo: str('baz'),
    hello: str('world'),
    environmentVariables: importedVars,
    files: importedFiles,
  });
  return obj(
    {
      foo: str('bar'),
      yup: bool(true),
      pi: num('3.14'),
      environmentVariables: obj(
        { FOO: str('bar'), BOOL: bool(true), NUM: num('3.14') },
        { base: importedVars },
      ),
      files: obj({ BOOL_FILE: bool(true), NUM_FILE: num('3.14') }, { base: importedFiles }),
    },
    { base: imported },
  );
}

const tempPaths = new Map([
  ['BOOL_FILE', 'temp/esc-temp-0'],
  ['FILE', 'temp/esc-temp-1'],
  ['NUM_FILE', 'temp/esc-temp-2'],
]);

// env-get-all-value-dotenv.yaml, checked (not opened): `open` and the ciphertext are unknown.
function checkedRoot(showSecrets: boolean): Value {
  return obj({
    null: nul(),
    open: unknown(),
    environmentVariables: obj({
      NULLV: nul(),
      BOOLEAN: bool(true),
      NUMBER: num('3.14'),
      STRING: str('esc'),
      OBJECT: str('{"hello":"world"}'),
      SECRET: showSecrets ? secret('secretAccessKey') : unknown({ secret: true }),
    }),
    files: obj({ FILE: str('esc') }),
  });
}

// env-get-each-value-*.yaml: `object` merges imports a and b.
const merged = obj(
  { hello: str('world') },
  {
    base: obj({ goodbye: str('all') }, { base: obj({ hello: str('esc'), goodbye: str('world') }) }),
  },
);

// esc Go-quotes every value (`FOO="bar"`, `export FOO="bar"`); Strata writes what the readers of
// each format read back exactly (see env-quoting.test.ts), so these goldens differ in quoting only.
describe('formatOutput dotenv / shell', () => {
  it('has the lines of open-dotenv.yaml, bare', () => {
    expect(formatOutput(openDotenvRoot(), 'dotenv', { redact: false, filePaths: tempPaths })).toBe(
      [
        'BOOL=true',
        'FOO=bar',
        'HELLO=world',
        'NUM=3.14',
        'BOOL_FILE=temp/esc-temp-0',
        'FILE=temp/esc-temp-1',
        'NUM_FILE=temp/esc-temp-2',
        '',
      ].join('\n'),
    );
  });

  it('has the lines of open-shell.yaml, single-quoted', () => {
    expect(formatOutput(openDotenvRoot(), 'shell', { redact: false, filePaths: tempPaths })).toBe(
      [
        "export BOOL='true'",
        "export FOO='bar'",
        "export HELLO='world'",
        "export NUM='3.14'",
        "export BOOL_FILE='temp/esc-temp-0'",
        "export FILE='temp/esc-temp-1'",
        "export NUM_FILE='temp/esc-temp-2'",
        '',
      ].join('\n'),
    );
  });

  it.each<[boolean, string]>([
    [false, '[secret]'],
    [true, 'secretAccessKey'],
  ])('has the lines of env-get-all-value-dotenv.yaml (show secrets: %s)', (showSecrets, text) => {
    expect(formatOutput(checkedRoot(showSecrets), 'dotenv', { redact: !showSecrets })).toBe(
      [
        'BOOLEAN=true',
        'NULLV=',
        'NUMBER=3.14',
        'OBJECT={"hello":"world"}',
        `SECRET=${text}`,
        'STRING=esc',
        'FILE=[unknown]',
        '',
      ].join('\n'),
    );
  });

  it('single-quotes shell values, each quote written as the four characters quote-backslash-quote-quote', () => {
    const root = obj({ environmentVariables: obj({ A: str("it's $(id)\n`x`") }) });
    expect(formatOutput(root, 'shell', { redact: false })).toBe("export A='it'\\''s $(id)\n`x`'\n");
  });

  it.each<[string, string, string]>([
    ['plain text with inner spaces', 'hello world', 'hello world'],
    ['an empty value', '', ''],
    ['JSON', '{"a":[1,"b"]}', '{"a":[1,"b"]}'],
    ['a comment sign', 'a#b', "'a#b'"],
    ['expansion for dotenvx', '$HOME and $(id)', "'$HOME and $(id)'"],
    ['a leading quote', '"q"', `'"q"'`],
    ['spaces at the ends', ' x ', "' x '"],
    ['an inner single quote', "it's", "it's"],
    ['a single quote and a comment sign', "it's #1", `"it's #1"`],
    ['a line break, on one line', 'line1\nline2', '"line1\\nline2"'],
    ['a CR', 'a\rb', '"a\\rb"'],
    ['both quotes and $, on one line', `'"$`, `''"$'`],
    ['a line break with quotes', `a'\n"b`, `\`a'\n"b\``],
    ['a line break with $ and a double quote', `$"\nx`, `'$"\nx'`],
  ])('writes %s for dotenv as %s', (_name, value, expected) => {
    const root = obj({ environmentVariables: obj({ A: str(value) }) });
    expect(formatOutput(root, 'dotenv', { redact: false })).toBe(`A=${expected}\n`);
  });

  it('prints nothing without environment variables or files', () => {
    expect(formatOutput(obj({ a: str('b') }), 'dotenv', { redact: false })).toBe('');
  });
});

describe('formatOutputWithWarnings dotenv / shell', () => {
  const root = obj({
    environmentVariables: obj({
      'A;touch pwned': str('x'),
      '1A': str('x'),
      'A-B': str('x'),
      '': str('x'),
      'A\nB': str('x'),
      NUL: str('before\0after'),
      ODD: str('\'"$#\n'),
      QUOTED: str('a b '),
      LINES: str(`it's\n"x"`),
      CIPHER: str('encrypted:abc'),
      OK: str('fine'),
    }),
    files: obj({ '../escape': str('content'), F: str('content') }),
  });
  const filePaths = new Map([['F', '/tmp/f']]);

  it('shell leaves out invalid names and NUL values, naming them (never the values)', () => {
    const out = formatOutputWithWarnings(root, 'shell', { redact: false, filePaths });
    expect(out.text).toBe(
      [
        `export CIPHER='encrypted:abc'`,
        `export LINES='it'\\''s\n"x"'`,
        `export ODD=''\\''"$#\n'`,
        `export OK='fine'`,
        `export QUOTED='a b '`,
        `export F='/tmp/f'`,
        '',
      ].join('\n'),
    );
    expect(out.warnings).toEqual([
      {
        code: 'INVALID_NAME',
        names: ['', '1A', 'A\nB', 'A-B', 'A;touch pwned', '../escape'],
        message:
          'left out "", "1A", "A\\nB", "A-B", "A;touch pwned", "../escape": not valid variable names (letters, digits and _, not starting with a digit)',
      },
      {
        code: 'NUL_IN_VALUE',
        names: ['NUL'],
        message: 'left out NUL: an environment variable cannot hold a NUL byte',
      },
    ]);
  });

  it('dotenv also leaves out what no quoting carries, and says what docker and dotenvx misread', () => {
    const out = formatOutputWithWarnings(root, 'dotenv', { redact: false, filePaths });
    expect(out.text).toBe(
      [
        'CIPHER=encrypted:abc',
        `LINES=\`it's\n"x"\``,
        'OK=fine',
        `QUOTED='a b '`,
        'F=/tmp/f',
        '',
      ].join('\n'),
    );
    expect(out.warnings.map((w) => [w.code, w.names])).toEqual([
      ['INVALID_NAME', ['', '1A', 'A\nB', 'A-B', 'A;touch pwned', '../escape']],
      ['NUL_IN_VALUE', ['NUL']],
      ['DOTENV_UNREPRESENTABLE', ['ODD']],
      ['DOCKER_MULTILINE', ['LINES']],
      ['DOCKER_QUOTED', ['QUOTED']],
      ['DOTENVX_CIPHERTEXT', ['CIPHER']],
    ]);
    expect(out.warnings.map((w) => w.message).slice(2)).toEqual([
      'left out ODD: no dotenv quoting reads its value back exactly (use -f shell or -f json)',
      'LINES spans several lines: dotenv and dotenvx read it exactly, docker --env-file would read each line as a separate entry',
      'QUOTED is quoted: dotenv and dotenvx read it exactly, docker --env-file (which has no quoting) would keep the quotes',
      'CIPHER starts with "encrypted:", which dotenvx would try to decrypt',
    ]);
  });

  it('has no warnings for other formats', () => {
    expect(formatOutputWithWarnings(root, 'json', { redact: false }).warnings).toEqual([]);
  });
});

describe('formatOutput json', () => {
  it.each<[string, Value | undefined, string]>([
    ['null', nul(), 'null\n'],
    ['missing path', undefined, 'null\n'],
    ['boolean', bool(true), 'true\n'],
    ['number', num('42'), '42\n'],
    ['string', str('esc'), '"esc"\n'],
    ['array', arr([str('hello'), str('world')]), '[\n  "hello",\n  "world"\n]\n'],
    ['merged object', merged, '{\n  "goodbye": "all",\n  "hello": "world"\n}\n'],
    ['unknown', unknown(), '"[unknown]"\n'],
    ['HTML-escaped', str('<b>&</b>'), '"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"\n'],
    ['empty object', obj({}), '{}\n'],
    // Go's encoding/json refuses NaN and infinities: their text, as strings, keeps the JSON valid.
    [
      'NaN',
      obj({ n: num('NaN'), p: num('+Inf'), m: num('-Inf') }),
      '{\n  "m": "-Inf",\n  "n": "NaN",\n  "p": "+Inf"\n}\n',
    ],
  ])('%s (env-get-each-value-json.yaml)', (_name, value, expected) => {
    expect(formatOutput(value, 'json', { redact: false })).toBe(expected);
  });

  it('redacts like env-get-all.yaml', () => {
    const root = obj({ secret: secret('secretAccessKey'), open: unknown(), number: num('42') });
    expect(formatOutput(root, 'json', { redact: true })).toBe(
      '{\n  "number": 42,\n  "open": "[unknown]",\n  "secret": "[secret]"\n}\n',
    );
  });
});

describe('formatOutput yaml', () => {
  it('matches open-yaml.yaml', () => {
    const root = obj({ foo: str('bar') }, { base: obj({ foo: str('baz'), hello: str('world') }) });
    expect(formatOutput(root, 'yaml', { redact: false })).toBe('foo: bar\nhello: world\n');
  });

  it('indents by three spaces, sequences included', () => {
    const root = obj({ list: arr([str('a'), obj({ k: str('v'), j: arr([]) })]), map: obj({}) });
    expect(formatOutput(root, 'yaml', { redact: false })).toBe(
      'list:\n   - a\n   - j: []\n     k: v\nmap: {}\n',
    );
  });

  it.each<[string, string]>([
    ['42', '42'],
    ['-0', '0'],
    ['3.14', '3.14'],
    ['1.0', '1'],
    ['1234567.5', '1.2345675e+06'],
    ['0.00001', '1e-05'],
    ['0.0001', '0.0001'],
    ['1e21', '1e+21'],
    ['99999999999999999999', '1e+20'],
  ])('writes number %s as yaml.v3 does: %s', (text, expected) => {
    expect(formatOutput(obj({ n: num(text) }), 'yaml', { redact: false })).toBe(
      `"n": ${expected}\n`,
    );
  });

  it.each<[string, string]>([
    ['true', '"true"'],
    ['yes', '"yes"'],
    ['42', '"42"'],
    ['', '""'],
    ['plain text', 'plain text'],
    ['a: b', '"a: b"'],
  ])('quotes the string %j only when it would read back as another type', (text, expected) => {
    expect(formatOutput(obj({ s: str(text) }), 'yaml', { redact: false })).toBe(`s: ${expected}\n`);
  });

  it('orders keys as yaml.v3 does, with digit runs by value', () => {
    const root = obj({ a10: nul(), a2: nul(), b: nul(), A: nul() });
    expect(formatOutput(root, 'yaml', { redact: false })).toBe(
      'A: null\na2: null\na10: null\nb: null\n',
    );
  });

  it('renders secrets and unknowns as placeholders', () => {
    const root = obj({ s: secret('hunter2'), u: unknown() });
    expect(formatOutput(root, 'yaml', { redact: true })).toBe('s: "[secret]"\nu: "[unknown]"\n');
  });
});

describe('formatOutput string', () => {
  it.each<[string, Value | undefined, string]>([
    [
      'merged object (open-string.yaml)',
      obj({ foo: str('bar') }, { base: obj({ hello: str('world') }) }),
      '"foo"="bar","hello"="world"\n',
    ],
    ['array', arr([str('hello'), str('world')]), '"hello","world"\n'],
    ['null', nul(), '\n'],
    ['missing path', undefined, '\n'],
    ['unknown', unknown(), '[unknown]\n'],
    ['keeps an existing trailing newline', str('line\n'), 'line\n'],
    ['number', num('42'), '42\n'],
  ])('%s', (_name, value, expected) => {
    expect(formatOutput(value, 'string', { redact: true })).toBe(expected);
  });

  it('redacts secrets', () => {
    expect(formatOutput(obj({ k: secret('hunter2') }), 'string', { redact: true })).toBe(
      '"k"="[secret]"\n',
    );
  });
});

describe('formatOutput never prints a secret when redacting', () => {
  const SECRET = 'hunter2-s3cr3t';
  const leaf = fc.oneof(
    fc.constant(nul()),
    fc.boolean().map((b) => bool(b)),
    fc.integer().map((n) => num(String(n))),
    fc.string({ maxLength: 8 }).map((s) => str(s)),
    fc.constant(unknown()),
  );
  // `hidden` values may contain the secret text; every path to it crosses a secret flag.
  const tree = fc.letrec<{ open: Value; hidden: Value }>((tie) => ({
    open: fc.oneof(
      { depthSize: 'small' },
      leaf,
      tie('hidden').map((v) => ({ ...v, secret: true })),
      fc.array(tie('open'), { maxLength: 4 }).map((items) => arr(items)),
      fc
        .dictionary(fc.constantFrom('A', 'B', 'environmentVariables', 'files'), tie('open'), {
          maxKeys: 4,
        })
        .map((entries) => obj(entries)),
    ),
    hidden: fc.oneof(
      { depthSize: 'small' },
      fc.constant(str(SECRET)),
      fc.constant(str(`prefix ${SECRET} suffix`)),
      fc.array(tie('hidden'), { maxLength: 3 }).map((items) => arr(items)),
      fc
        .dictionary(fc.constantFrom('A', 'B'), tie('hidden'), { maxKeys: 3 })
        .map((entries) => obj(entries)),
    ),
  }));
  const formats: OutputFormat[] = ['json', 'yaml', 'dotenv', 'shell', 'string'];

  it('for any value and format', () => {
    fc.assert(
      fc.property(tree.open, fc.constantFrom(...formats), (value, format) => {
        expect(formatOutput(value, format, { redact: true })).not.toContain('s3cr3t');
      }),
      { numRuns: 500 },
    );
  });
});
