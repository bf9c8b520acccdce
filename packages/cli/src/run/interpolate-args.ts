// `${path}` in `strata run` arguments (language-spec §11.2): each placeholder becomes the exported
// string of that property of the opened environment; a missing property becomes nothing and an
// argument that does not parse is passed on untouched.

import { toExportedString, valueKeys, valueProperty, type Value } from '@strata/core';
import { parseArgTemplate, type ArgAccessor } from './_parse-arg-template.js';

export interface InterpolatedArgs {
  readonly args: string[];
  /** Plaintext of the secret values placed into arguments: the caller masks them too. */
  readonly secrets: string[];
}

/** Interpolates each of `args` against `root`, the opened environment's properties. */
export function interpolateArgs(
  args: readonly string[],
  root: Value | undefined,
): InterpolatedArgs {
  const secrets: string[] = [];
  const out = args.map((arg) => {
    if (!arg.includes('$')) return arg;
    const parts = parseArgTemplate(arg);
    if (parts === undefined) return arg;
    let result = '';
    for (const part of parts) {
      result += part.text;
      if (part.path === undefined) continue;
      const value = lookup(root, part.path);
      if (value === undefined) continue;
      const text = toExportedString(value, { redact: false });
      if (containsSecret(value)) secrets.push(text);
      result += text;
    }
    return result;
  });
  return { args: out, secrets };
}

function lookup(root: Value | undefined, path: readonly ArgAccessor[]): Value | undefined {
  let value = root;
  for (const accessor of path) {
    if (value === undefined) return undefined;
    if (typeof accessor === 'string') {
      value = value.kind === 'object' ? valueProperty(value, accessor) : undefined;
    } else {
      const items = value.kind === 'array' ? (value.data as Value[]) : undefined;
      value = items?.[accessor];
    }
  }
  return value;
}

// A composite holding a secret prints that secret inside its string form, so it is masked whole.
function containsSecret(value: Value): boolean {
  if (value.secret) return true;
  if (value.kind === 'array') return (value.data as Value[]).some(containsSecret);
  if (value.kind === 'object') {
    return valueKeys(value).some((key) => {
      const property = valueProperty(value, key);
      return property !== undefined && containsSecret(property);
    });
  }
  return false;
}
