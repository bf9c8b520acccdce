// Two texts side by side as one unified diff: removed lines, added lines, and three lines of
// context around each change (longer unchanged runs fold into one line saying how many).

import { diffLines, type DiffLine } from '../diff/line-diff.js';

const CONTEXT = 3;

type Row = DiffLine | { readonly op: 'fold'; readonly count: number };

function fold(lines: readonly DiffLine[]): Row[] {
  const near = new Set<number>();
  lines.forEach((line, i) => {
    if (line.op !== 'same')
      for (let j = Math.max(0, i - CONTEXT); j <= Math.min(lines.length - 1, i + CONTEXT); j++)
        near.add(j);
  });
  const rows: Row[] = [];
  let skipped = 0;
  lines.forEach((line, i) => {
    if (line.op === 'same' && !near.has(i)) {
      skipped++;
      return;
    }
    if (skipped > 0) rows.push({ op: 'fold', count: skipped });
    skipped = 0;
    rows.push(line);
  });
  if (skipped > 0) rows.push({ op: 'fold', count: skipped });
  return rows;
}

export function DiffView(props: {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
}) {
  const lines = diffLines(props.before, props.after);
  const changed = lines.some((l) => l.op !== 'same');
  const added = lines.filter((l) => l.op === 'add').length;
  const removed = lines.filter((l) => l.op === 'del').length;
  return (
    <figure class="diff">
      <figcaption>
        <span class="diff-del-label">- {props.beforeLabel}</span>{' '}
        <span class="diff-add-label">+ {props.afterLabel}</span>{' '}
        <span class="diff-stat">
          {changed ? `${added} added, ${removed} removed` : 'no difference'}
        </span>
      </figcaption>
      {changed && (
        <table class="diff-table">
          <tbody>
            {fold(lines).map((row, i) =>
              row.op === 'fold' ? (
                <tr key={i} class="diff-fold">
                  <td colSpan={3}>{row.count} unchanged lines</td>
                </tr>
              ) : (
                <tr key={i} class={`diff-${row.op}`}>
                  <td class="ln">{row.op === 'add' ? '' : row.a}</td>
                  <td class="ln">{row.op === 'del' ? '' : row.b}</td>
                  <td class="code">
                    <span
                      class="sign"
                      aria-label={
                        row.op === 'add' ? 'added' : row.op === 'del' ? 'removed' : undefined
                      }
                    >
                      {row.op === 'add' ? '+' : row.op === 'del' ? '-' : ' '}
                    </span>
                    {row.text}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </figure>
  );
}
