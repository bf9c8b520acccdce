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
  const paint = (code: string, text: string): string =>
    options.color ? code + text + RESET : text;
  const severity = paint(SEVERITY_COLOR[diagnostic.severity], diagnostic.severity);
  const range = diagnostic.range;
  const location = range === undefined ? '' : formatLocation(range);
  // Secret literals of the definition never show: each is masked as `[secret]` (and what the
  // summary of a diagnostic inside one quotes), and no line is shown at all when the definition
  // does not decode far enough to know where they are.
  const secrets = source === undefined ? [] : secretRanges(source);
  const summary =
    range === undefined || secrets === undefined
      ? diagnostic.summary
      : maskSummary(diagnostic.summary, range, secrets);
  let out = (location === '' ? '' : paint(BOLD, location) + ': ') + `${severity}: ${summary}\n`;

  if (range === undefined || source === undefined || range.start.line < 1) return out;
  const lines = source.split('\n');
  const line = lines[range.start.line - 1];
  if (line === undefined || secrets === undefined) return out;
  const shown = [...line.replace(/\r$/, '')];
  const masked = maskedIntervals(secrets, range.start.line, shown);
  const chars = maskChars(shown, masked);

  const start = clamp(range.start.column, 1, shown.length + 1);
  const end = clamp(
    range.end.line === range.start.line ? range.end.column : shown.length + 1,
    1,
    shown.length + 1,
  );
  const first = maskedColumn(start, masked, 'start');
  const width = Math.max(1, maskedColumn(end, masked, 'end') - first);
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
