import { valueKeys, valueProperty, type Value } from '../value/value.js';
import { toExportedString } from '../value/value-to-string.js';

/** One environment variable or temporary file projected from an opened environment. */
export interface ProjectedEntry {
  /** The variable name (for files: the variable that receives the file's path). */
  readonly name: string;
  /** The variable's value, or the file's content; `[secret]` when redacted. */
  readonly value: string;
  readonly secret: boolean;
}

export interface ProjectionOptions {
  /** Replace secret values with `[secret]`. */
  readonly redact: boolean;
}

/** `environmentVariables` (language-spec §1.6): scalar entries as strings, sorted by name. */
export function environmentVariables(
  root: Value | undefined,
  options: ProjectionOptions,
): ProjectedEntry[] {
  return projectReservedKey(root, 'environmentVariables', options);
}

/** `files` (language-spec §1.6): each scalar entry is a file's content, sorted by name. */
export function temporaryFiles(
  root: Value | undefined,
  options: ProjectionOptions,
): ProjectedEntry[] {
  return projectReservedKey(root, 'files', options);
}

function projectReservedKey(
  root: Value | undefined,
  key: string,
  options: ProjectionOptions,
): ProjectedEntry[] {
  const container = root === undefined ? undefined : valueProperty(root, key);
  if (container === undefined || container.unknown || container.kind !== 'object') return [];
  const entries: ProjectedEntry[] = [];
  for (const name of valueKeys(container)) {
    const value = valueProperty(container, name);
    // Arrays and objects are skipped; an unknown has no shape yet, so it projects as `[unknown]`.
    if (value === undefined) continue;
    if (!value.unknown && (value.kind === 'array' || value.kind === 'object')) continue;
    // A secret container marks its entries too, so redaction can never leak through it.
    const secret = value.secret || container.secret;
    const text = secret && options.redact ? '[secret]' : toExportedString(value, { redact: false });
    entries.push({ name, value: text, secret });
  }
  return entries;
}
