import type { RevisionSummary } from '@strata/core';
import { formatTime } from './table.js';

/** One revision as `esc env version history` prints it. */
export function renderRevision(r: RevisionSummary): string {
  const tags = r.tags.filter((t) => t !== 'latest');
  let head = `revision ${r.number}`;
  if (r.retraction !== null) head += ' (retracted)';
  else if (tags.length === 1) head += ` (tag: ${tags[0] ?? ''})`;
  else if (tags.length > 1) head += ` (tags: ${tags.join(', ')})`;
  let out = `${head}\nAuthor: ${r.author}\nDate:   ${formatTime(r.createdAt)}\n`;
  if (r.copiedFrom !== null) out += `\n    Rolled back to revision ${r.copiedFrom}.\n`;
  if (r.retraction !== null) {
    const { by, at, replacement, reason } = r.retraction;
    out += `\n    Retracted by ${by} at ${formatTime(at)}${replacement === null ? '' : ` and replaced with revision ${replacement}`}.\n`;
    if (reason !== '') out += `\n    ${reason}\n`;
  }
  return out + '\n';
}

/** The JSON shape of a revision for `--output json`. */
export function revisionJson(r: RevisionSummary): Record<string, unknown> {
  return {
    revision: r.number,
    author: r.author,
    created: r.createdAt,
    tags: r.tags,
    ...(r.copiedFrom === null ? {} : { copiedFrom: r.copiedFrom }),
    ...(r.retraction === null ? {} : { retracted: r.retraction }),
  };
}
