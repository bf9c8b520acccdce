// Every screen has a URL (history API): links are real hrefs, the back button walks the history,
// and a reload lands on the same screen (the server answers every console URL with the page).

import { useEffect, useState } from 'preact/hooks';
import { formatEnvironmentKey, type EnvironmentKey } from '@strata/core';

export type AdminTab = 'teams' | 'members' | 'tokens' | 'audit' | 'settings';
export const ADMIN_TABS: readonly AdminTab[] = ['teams', 'members', 'tokens', 'audit', 'settings'];

export type Route =
  | { readonly screen: 'environments'; readonly query: string }
  | { readonly screen: 'sign-in'; readonly next: string }
  | { readonly screen: 'editor'; readonly env: EnvPath }
  | { readonly screen: 'preview'; readonly env: EnvPath; readonly revision?: number | undefined }
  | {
      readonly screen: 'revisions';
      readonly env: EnvPath;
      readonly compare?: readonly [number, number] | undefined;
    }
  | {
      readonly screen: 'admin';
      readonly org: string;
      readonly tab: AdminTab;
      /** The tab's filters (the audit log's), as a query string without `?`. */
      readonly filters?: string | undefined;
    }
  | { readonly screen: 'not-found'; readonly path: string };

/** An environment a screen shows: core's key, named as core names it. */
export type EnvPath = EnvironmentKey;
export const envName = formatEnvironmentKey;

const enc = encodeURIComponent;

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'environments':
      return route.query === '' ? '/environments' : `/environments?q=${enc(route.query)}`;
    case 'sign-in':
      return `/sign-in?next=${enc(route.next)}`;
    case 'editor':
      return `/environments/${envSegments(route.env)}`;
    case 'preview':
      return `/environments/${envSegments(route.env)}/preview${route.revision === undefined ? '' : `?revision=${route.revision}`}`;
    case 'revisions':
      return `/environments/${envSegments(route.env)}/revisions${route.compare === undefined ? '' : `?compare=${route.compare[0]}..${route.compare[1]}`}`;
    case 'admin':
      return `/admin/${enc(route.org)}/${route.tab}${route.filters === undefined || route.filters === '' ? '' : `?${route.filters}`}`;
    case 'not-found':
      return route.path;
  }
}

function envSegments(env: EnvPath): string {
  return `${enc(env.org)}/${enc(env.project)}/${enc(env.name)}`;
}

/** The route of a URL path and query. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts.length === 0) return { screen: 'environments', query: '' };
  if (parts[0] === 'sign-in' && parts.length === 1)
    return { screen: 'sign-in', next: safeNext(query.get('next')) };
  if (parts[0] === 'environments') {
    if (parts.length === 1) return { screen: 'environments', query: query.get('q') ?? '' };
    if (parts.length >= 4 && parts.length <= 5) {
      const env = { org: parts[1]!, project: parts[2]!, name: parts[3]! };
      const view = parts[4];
      if (view === undefined) return { screen: 'editor', env };
      if (view === 'preview') {
        const revision = positive(query.get('revision'));
        return { screen: 'preview', env, revision };
      }
      if (view === 'revisions') {
        const match = /^(\d+)\.\.(\d+)$/.exec(query.get('compare') ?? '');
        return {
          screen: 'revisions',
          env,
          compare: match === null ? undefined : [Number(match[1]), Number(match[2])],
        };
      }
    }
  }
  if (parts[0] === 'admin' && parts.length >= 2 && parts.length <= 3) {
    const tab = (parts[2] ?? 'teams') as AdminTab;
    if (ADMIN_TABS.includes(tab))
      return { screen: 'admin', org: parts[1]!, tab, filters: query.toString() };
  }
  return { screen: 'not-found', path: pathname };
}

function positive(text: string | null): number | undefined {
  if (text === null || !/^[1-9]\d{0,9}$/.test(text)) return undefined;
  return Number(text);
}

/** Only a path of this console may follow sign-in (no open redirect to another site). */
function safeNext(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//')) return '/environments';
  return next;
}

const listeners = new Set<() => void>();

export function navigate(
  href: string,
  options: { replace?: boolean; keepScroll?: boolean } = {},
): void {
  if (options.replace === true) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  for (const listener of listeners) listener();
  if (options.keepScroll !== true) window.scrollTo(0, 0);
}

/** The current route, updated on navigation and on the back and forward buttons. */
export function useRoute(): Route {
  const read = () => parseRoute(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** A click on an in-app link navigates without a page load (modified clicks open a new tab). */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (anchor === null || anchor === undefined) return;
  const href = anchor.getAttribute('href');
  if (href === null || !href.startsWith('/') || anchor.target === '_blank') return;
  event.preventDefault();
  navigate(href);
}
