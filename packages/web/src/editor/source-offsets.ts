// @strata/core's positions are lines and columns in code points; CodeMirror's are UTF-16 offsets.

import type { Text } from '@codemirror/state';
import type { Position } from '@strata/core';

/** The document offset of a core position (clamped to the document). */
export function offsetOf(doc: Text, position: Position): number {
  if (position.line < 1) return 0;
  if (position.line > doc.lines) return doc.length;
  const line = doc.line(position.line);
  let offset = 0;
  let column = 1;
  for (const char of line.text) {
    if (column >= position.column) break;
    offset += char.length;
    column++;
  }
  return line.from + offset;
}

/** The core position (line, column in code points) of a document offset. */
export function positionOf(doc: Text, offset: number): { line: number; column: number } {
  const line = doc.lineAt(offset);
  const column = [...line.text.slice(0, offset - line.from)].length + 1;
  return { line: line.number, column };
}
