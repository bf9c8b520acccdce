import { InvalidArgumentError } from '../errors.js';
import type { EnvironmentKey } from '../store/store.js';

/** Which revision a ref names. */
export type RefVersion =
  | { readonly kind: 'latest' }
  | { readonly kind: 'revision'; readonly number: number }
  | { readonly kind: 'tag'; readonly name: string };

export interface EnvironmentRef {
  readonly env: EnvironmentKey;
  /** Absent when the ref has no `@` part (which means latest). */
  readonly version?: RefVersion;
}

export interface RefDefaults {
  readonly org: string;
  /** `default` unless given. */
  readonly project?: string;
}

const NAME = /^[A-Za-z0-9._-]{1,100}$/;
// Docker's tag grammar, minus a leading digit so that `@2` is always a revision.
const TAG = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** Whether `part` is a valid org, project or environment name. */
export function isName(part: string): boolean {
  return NAME.test(part) && !/^\.+$/.test(part);
}

/** Throws unless `part` is a valid org, project or environment name. */
export function checkName(part: string, what: string): string {
  if (!isName(part)) {
    throw new InvalidArgumentError(
      `invalid ${what} name ${JSON.stringify(part)}: use letters, digits, '.', '-' and '_' (at most 100)`,
    );
  }
  return part;
}

/** Throws unless `name` is a valid revision tag name (`latest` is implicit and cannot be set). */
export function checkTagName(name: string): string {
  if (!TAG.test(name)) {
    throw new InvalidArgumentError(
      `invalid tag name ${JSON.stringify(name)}: use at most 128 letters, digits, '_', '.' and '-', not starting with a digit, '.' or '-'`,
    );
  }
  return name;
}

/** Checks every part of an environment key. */
export function checkEnvironmentKey(env: EnvironmentKey): EnvironmentKey {
  checkName(env.org, 'organization');
  checkName(env.project, 'project');
  checkName(env.name, 'environment');
  return { org: env.org, project: env.project, name: env.name };
}

/**
 * Parses `[<org>/][<project>/]<env>[@<version>]`. One part takes the default org and project;
 * two are `project/env` in the default org. The version is a revision number, `latest` or a tag;
 * without `@`, the legacy `:` separator is accepted.
 */
export function parseEnvironmentRef(text: string, defaults: RefDefaults): EnvironmentRef {
  let path = text;
  let versionText: string | undefined;
  const at = text.indexOf('@');
  const colon = text.indexOf(':');
  if (at >= 0) [path, versionText] = [text.slice(0, at), text.slice(at + 1)];
  else if (colon >= 0) [path, versionText] = [text.slice(0, colon), text.slice(colon + 1)];

  const parts = path.split('/');
  let env: EnvironmentKey;
  if (parts.length === 1)
    env = { org: defaults.org, project: defaults.project ?? 'default', name: parts[0] ?? '' };
  else if (parts.length === 2)
    env = { org: defaults.org, project: parts[0] ?? '', name: parts[1] ?? '' };
  else if (parts.length === 3)
    env = { org: parts[0] ?? '', project: parts[1] ?? '', name: parts[2] ?? '' };
  else
    throw new InvalidArgumentError(
      `invalid environment ref ${JSON.stringify(text)}: use [org/][project/]env[@version]`,
    );
  checkEnvironmentKey(env);

  return versionText === undefined ? { env } : { env, version: parseVersion(versionText, text) };
}

function parseVersion(text: string, ref: string): RefVersion {
  if (text === 'latest') return { kind: 'latest' };
  if (/^[0-9]/.test(text)) {
    const number = /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(number)) {
      throw new InvalidArgumentError(
        `invalid revision ${JSON.stringify(text)} in ${JSON.stringify(ref)}: revisions are numbered from 1`,
      );
    }
    return { kind: 'revision', number };
  }
  return { kind: 'tag', name: checkTagName(text) };
}

/** Formats a ref back: `org/project/name[@version]`. */
export function formatEnvironmentRef(ref: EnvironmentRef): string {
  const base = `${ref.env.org}/${ref.env.project}/${ref.env.name}`;
  const v = ref.version;
  if (!v) return base;
  return `${base}@${v.kind === 'latest' ? 'latest' : v.kind === 'revision' ? v.number : v.name}`;
}
