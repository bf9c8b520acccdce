// String scanning (language-spec §3.1): `$$` is a literal `$`, `${` starts a property access,
// anything else is text.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { StringNode } from '../parse/syntax-node.js';
import { createSubRangeLocator, type LocateSubRange } from './_locate-sub-range.js';
import { parsePropertyAccess } from './parse-property-access.js';
import type { InterpolationPart, PropertyAccess } from './property-access.js';

/** What a scanned string declares (§1.4). */
export type TemplateShape =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'symbol'; readonly access: PropertyAccess }
  | { readonly kind: 'interpolate'; readonly parts: readonly InterpolationPart[] };

const DOLLAR = 0x24;
const OPEN_BRACE = 0x7b;

/**
 * Splits `node.value` into text runs, each followed by an optional access. Access syntax errors
 * go to `diagnostics`; scanning always reaches the end of the string. Linear in the input.
 */
export function parseTemplate(node: StringNode, diagnostics: Diagnostic[]): InterpolationPart[] {
  const text = node.value;
  const parts: InterpolationPart[] = [];
  let pending = '';
  let segment = 0;
  let from = 0;
  let locate: LocateSubRange | undefined;
  for (;;) {
    const dollar = text.indexOf('$', from);
    if (dollar < 0 || dollar + 1 >= text.length) break;
    const next = text.charCodeAt(dollar + 1);
    if (next === DOLLAR) {
      pending += text.slice(segment, dollar + 1);
      from = segment = dollar + 2;
    } else if (next === OPEN_BRACE) {
      pending += text.slice(segment, dollar);
      const { access, end } = parsePropertyAccess(
        node,
        dollar + 2,
        diagnostics,
        (locate ??= createSubRangeLocator(node)),
      );
      parts.push({ text: pending, access });
      pending = '';
      from = segment = end;
    } else {
      from = dollar + 1;
    }
  }
  pending += text.slice(segment);
  if (pending !== '') parts.push({ text: pending });
  return parts;
}

/** No parts: empty string; one text part: string; one bare access: symbol; else interpolation. */
export function classifyTemplate(parts: readonly InterpolationPart[]): TemplateShape {
  const [first] = parts;
  if (first === undefined) return { kind: 'string', value: '' };
  if (parts.length === 1) {
    if (first.access === undefined) return { kind: 'string', value: first.text };
    if (first.text === '') return { kind: 'symbol', access: first.access };
  }
  return { kind: 'interpolate', parts };
}
