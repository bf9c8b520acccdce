import type { EnvironmentsApi, Page, RevisionSummary, TagInfo } from '@strata/core';
import { usageError } from './cli-error.js';

/**
 * Splits `ref@version` into the environment part and the version text (undefined without a
 * version). As esc and core's parseEnvironmentRef read refs: the first `@`, else the first `:`
 * (esc's legacy separator), so `app:3` is `app@3` for every command.
 */
export function splitVersion(ref: string): { base: string; version: string | undefined } {
  const at = ref.includes('@') ? ref.indexOf('@') : ref.indexOf(':');
  return at < 0
    ? { base: ref, version: undefined }
    : { base: ref.slice(0, at), version: ref.slice(at + 1) };
}

/** A ref that must name a version: `env@3`, `env@stable`. */
export function requireVersion(ref: string, what: string): { base: string; version: string } {
  const { base, version } = splitVersion(ref);
  if (version === undefined || version === '')
    throw usageError(`please specify ${what}: ${ref}@<version>`);
  return { base, version };
}

/** Resolves `N`, `@N`, `tag`, `@tag` or `latest` of an environment to a revision number. */
export async function resolveRevisionNumber(
  service: EnvironmentsApi,
  base: string,
  version: string,
): Promise<number> {
  const text = version.startsWith('@') ? version.slice(1) : version;
  return (await service.resolve(`${base}@${text}`)).revision;
}

/** Every item of a paged listing, fetching pages of 1000. */
export async function allPages<T>(
  list: (page: { limit: number; after?: string }) => Promise<Page<T>>,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  do {
    const page = await list({ limit: 1000, ...(after === undefined ? {} : { after }) });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

/** Every revision, oldest first. */
export function allRevisions(service: EnvironmentsApi, base: string): Promise<RevisionSummary[]> {
  return allPages((page) => service.listRevisions(base, page));
}

/** Every version tag, by name. */
export function allTags(service: EnvironmentsApi, base: string): Promise<TagInfo[]> {
  return allPages((page) => service.listTags(base, page));
}
