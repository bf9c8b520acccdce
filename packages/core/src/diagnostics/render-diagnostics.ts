import { compareUtf8 } from '../internal/_compare-utf8.js';
import {
  maskChars,
  maskedColumn,
  maskedIntervals,
  maskSummary,
  secretRanges,
} from './_mask-secrets.js';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface RenderOptions {
  /** Emit ANSI colours (only for a TTY without NO_COLOR; the caller decides). */
  readonly color: boolean;
}

const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const BLUE = '\x1b[34m';
const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  error: '\x1b[1;31m',
  warning: '\x1b[1;33m',
};

/** At most this many diagnostics of one rendering are shown; the rest are counted. */
export const DEFAULT_DIAGNOSTICS_SHOWN = 50;
/** Source lines longer than this many characters show a window around the range. */
const LINE_WINDOW = 160;

/** A definition's text, split once for all of its diagnostics. */
interface SourceContext {
  readonly lines: readonly string[];
  /** `undefined`: the text mentions secrets but does not decode, so no line of it is shown. */
  readonly secrets: ReturnType<typeof secretRanges>;
}

function sourceContext(source: string): SourceContext {
  return { lines: source.split('\n'), secrets: secretRanges(source) };
}

/**
 * One diagnostic for humans: `file:line:col: error: summary`, then the source line and a `^^^`
 * underline of the range (clamped to that line; one caret for an empty range). Ends with a newline.
 * Secret literals in `source` (what `fn::secret` holds) show as `[secret]`.
 */
export function renderDiagnostic(
  diagnostic: Diagnostic,
  source: string | undefined,
  options: RenderOptions,
): string {
  return render(diagnostic, source === undefined ? undefined : sourceContext(source), options);
}

/**
 * Diagnostics for humans, as `renderDiagnostic` shows each: `sources` maps a file name
 * (`org/project/name`) to its text, split once however many diagnostics point into it. Only the
 * first `limit` show (default `DEFAULT_DIAGNOSTICS_SHOWN`), then one line counts the others, so a
 * definition with thousands of errors prints a screenful, not megabytes.
 */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: Readonly<Record<string, string>>,
  options: RenderOptions & { readonly limit?: number },
): string {
  const limit = options.limit ?? DEFAULT_DIAGNOSTICS_SHOWN;
  const contexts = new Map<string, SourceContext>();
  const contextOf = (filename: string): SourceContext | undefined => {
    const source = Object.hasOwn(sources, filename) ? sources[filename] : undefined;
    if (source === undefined) return undefined;
    let context = contexts.get(filename);
    if (context === undefined) contexts.set(filename, (context = sourceContext(source)));
    return context;
  };
  let out = '';
  for (const d of diagnostics.slice(0, limit))
    out += render(d, d.range === undefined ? undefined : contextOf(d.range.filename), options);
  const hidden = diagnostics.slice(limit);
  if (hidden.length > 0) {
    const errors = hidden.filter((d) => d.severity === 'error').length;
    const warnings = hidden.length - errors;
    const counts = [
      errors > 0 ? `${errors} more error${errors === 1 ? '' : 's'}` : '',
      warnings > 0 ? `${warnings} more warning${warnings === 1 ? '' : 's'}` : '',
    ].filter((c) => c !== '');
    out += `... and ${counts.join(' and ')} not shown; fix the ones above first\n`;
  }
  return out;
}

function render(
  diagnostic: Diagnostic,
  context: SourceContext | undefined,
  options: RenderOptions,
): string {
  const paint = (code: string, text: string): string =>
    options.color ? code + text + RESET : text;
  const severity = paint(SEVERITY_COLOR[diagnostic.severity], diagnostic.severity);
  const range = diagnostic.range;
  const location = range === undefined ? '' : formatLocation(range);
  // Secret literals of the definition never show: each is masked as `[secret]` (and what the
  // summary of a diagnostic inside one quotes), and no line is shown at all when the definition
  // does not decode far enough to know where they are.
  const secrets = context === undefined ? [] : context.secrets;
  const summary =
    range === undefined || secrets === undefined
      ? diagnostic.summary
      : maskSummary(diagnostic.summary, range, secrets);
  let out = (location === '' ? '' : paint(BOLD, location) + ': ') + `${severity}: ${summary}\n`;

  if (range === undefined || context === undefined || range.start.line < 1) return out;
  const line = context.lines[range.start.line - 1];
  if (line === undefined || secrets === undefined) return out;
  const shown = [...line.replace(/\r$/, '')];
  const masked = maskedIntervals(secrets, range.start.line, shown);
  let chars = maskChars(shown, masked);

  const start = clamp(range.start.column, 1, shown.length + 1);
  const end = clamp(
    range.end.line === range.start.line ? range.end.column : shown.length + 1,
    1,
    shown.length + 1,
  );
  let first = maskedColumn(start, masked, 'start');
  let width = Math.max(1, maskedColumn(end, masked, 'end') - first);
  // A long line (minified JSON, a pasted key) shows a window that starts a little before the range.
  if (chars.length > LINE_WINDOW) {
    const from = Math.max(0, Math.min(first - 1 - 20, chars.length - LINE_WINDOW));
    const to = Math.min(chars.length, from + LINE_WINDOW);
    const lead = from > 0 ? ['.', '.', '.'] : [];
    chars = [...lead, ...chars.slice(from, to), ...(to < chars.length ? ['.', '.', '.'] : [])];
    first = first - from + lead.length;
    width = Math.max(1, Math.min(width, LINE_WINDOW - (first - 1 - lead.length)));
  }
  // Keep tabs in the padding so the carets line up with the text above them.
  const padding = chars
    .slice(0, first - 1)
    .map((c) => (c === '\t' ? '\t' : ' '))
    .join('');

  const number = String(range.start.line);
  const gutter = ' '.repeat(number.length);
  out += paint(BLUE, ` ${number} | `) + chars.join('') + '\n';
  out +=
    paint(BLUE, ` ${gutter} | `) +
    padding +
    paint(SEVERITY_COLOR[diagnostic.severity], '^'.repeat(width)) +
    '\n';
  return out;
}

/**
 * Diagnostics as `esc open` prints them (language-spec §11.2): `<env>:<line>:<col>: <summary>`,
 * `<env>: <summary>` without a line, or the bare summary without a range; sorted as in §7.1.
 */
export function formatDiagnosticsEsc(
  diagnostics: readonly Diagnostic[],
  options: RenderOptions = { color: false },
): string {
  let out = '';
  for (const d of [...diagnostics].sort(compareDiagnostics)) {
    const location = d.range === undefined ? '' : formatLocation(d.range);
    const prefix = location === '' ? '' : location + ': ';
    out +=
      (options.color && prefix !== '' ? SEVERITY_COLOR.error + prefix + RESET : prefix) +
      d.summary +
      '\n';
  }
  return out;
}

function formatLocation(range: NonNullable<Diagnostic['range']>): string {
  if (range.start.line === 0) return range.filename;
  return `${range.filename}:${range.start.line}:${range.start.column}`;
}

// §7.1: diagnostics without a range first (by summary), then by file, line and column.
function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.range === undefined || b.range === undefined) {
    if (a.range !== undefined) return 1;
    if (b.range !== undefined) return -1;
    return compareUtf8(a.summary, b.summary);
  }
  return (
    compareUtf8(a.range.filename, b.range.filename) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column
  );
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}
