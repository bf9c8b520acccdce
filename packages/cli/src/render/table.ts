/** A box-drawn table as esc prints lists; numeric columns are right-aligned. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (l: string, m: string, r: string): string =>
    l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r + '\n';
  const row = (cells: readonly string[]): string =>
    '│' +
    widths
      .map(
        (w, i) =>
          ` ${numeric.includes(i) ? (cells[i] ?? '').padStart(w) : (cells[i] ?? '').padEnd(w)} `,
      )
      .join('│') +
    '│\n';
  return (
    line('┌', '┬', '┐') +
    row(headers) +
    line('├', '┼', '┤') +
    rows.map(row).join('') +
    line('└', '┴', '┘')
  );
}

/** `2024-01-02 03:04:05 +0000 UTC`, as esc prints times with --utc. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' +0000 UTC');
}
