type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

/**
 * A unified diff (3 lines of context) of two texts, or '' when they are equal. Uses a plain
 * LCS table: definitions are small, and the output is the same shape as `diff -u`.
 */
export function unifiedDiff(a: string, b: string, fromName: string, toName: string): string {
  if (a === b) return '';
  const x = splitLines(a);
  const y = splitLines(b);
  // Like diff -u: a last line without a newline is followed by a note saying so.
  const aOpenEnd = a !== '' && !a.endsWith('\n');
  const bOpenEnd = b !== '' && !b.endsWith('\n');
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        x[i] === y[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j])
      ops.push({ kind: ' ', line: x[i++] as string, a: i, b: ++j });
    else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)))
      ops.push({ kind: '-', line: x[i++] as string, a: i, b: j });
    else ops.push({ kind: '+', line: y[j++] as string, a: i, b: j });
  }
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  // Texts that differ only in a final newline have no line to show.
  if (changed.length === 0) return '';
  let out = `--- ${fromName}\n+++ ${toName}\n`;
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] as number) - 3);
    let end = Math.min(ops.length, (changed[k] as number) + 4);
    while (k + 1 < changed.length && (changed[k + 1] as number) - 3 <= end) {
      k++;
      end = Math.min(ops.length, (changed[k] as number) + 4);
    }
    k++;
    const hunk = ops.slice(start, end);
    const aStart = ops.slice(0, start).filter((o) => o.kind !== '+').length;
    const bStart = ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    out += `@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@\n`;
    for (const o of hunk) {
      out += `${o.kind}${o.line}\n`;
      const lastOfA = o.kind !== '+' && o.a === n && aOpenEnd;
      const lastOfB = o.kind !== '-' && o.b === m && bOpenEnd;
      if (lastOfA || lastOfB) out += '\\ No newline at end of file\n';
    }
  }
  return out;
}

/** A hunk's line range as `diff -u` writes it: the count is left out when it is 1. */
function range(start: number, length: number): string {
  if (length === 0) return `${start},0`;
  return length === 1 ? String(start + 1) : `${start + 1},${length}`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
