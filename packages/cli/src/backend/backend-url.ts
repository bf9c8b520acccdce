import { isAbsolute, resolve } from 'node:path';
import { usageError } from '../cli-error.js';

/** Where environments live. */
export type BackendSpec =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly prefix: string;
      readonly region?: string;
      readonly endpoint?: string;
      readonly forcePathStyle?: boolean;
    };

const HINT =
  'use sqlite:///abs/path.db, sqlite://./relative.db or s3://bucket/prefix?region=...&endpoint=...&forcePathStyle=true';

/**
 * Parses a backend URL. A relative SQLite path (`sqlite://./x.db`, `sqlite://x.db`) is resolved
 * against `cwd`.
 */
export function parseBackendUrl(text: string, cwd: string): BackendSpec {
  if (text.startsWith('sqlite://')) {
    const rest = text.slice('sqlite://'.length);
    const path = decodeURIComponent(rest.split('?')[0] ?? '');
    if (path === '')
      throw usageError(`invalid backend ${JSON.stringify(text)}: no file path`, HINT);
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (text.startsWith('s3://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw usageError(`invalid backend ${JSON.stringify(text)}`, HINT);
    }
    const bucket = url.hostname;
    if (bucket === '') throw usageError(`invalid backend ${JSON.stringify(text)}: no bucket`, HINT);
    const prefix = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    const spec: {
      kind: 's3';
      bucket: string;
      prefix: string;
      region?: string;
      endpoint?: string;
      forcePathStyle?: boolean;
    } = { kind: 's3', bucket, prefix };
    for (const [key, value] of url.searchParams) {
      if (key === 'region') spec.region = value;
      else if (key === 'endpoint') spec.endpoint = value;
      else if (key === 'forcePathStyle') {
        if (value !== 'true' && value !== 'false')
          throw usageError(`invalid backend: forcePathStyle must be true or false`, HINT);
        spec.forcePathStyle = value === 'true';
      } else {
        throw usageError(`invalid backend: unknown parameter ${JSON.stringify(key)}`, HINT);
      }
    }
    return spec;
  }
  throw usageError(`invalid backend ${JSON.stringify(text)}: unknown scheme`, HINT);
}

/** Formats a backend back as a URL (SQLite paths are absolute by then). */
export function formatBackendUrl(spec: BackendSpec): string {
  if (spec.kind === 'sqlite') return `sqlite://${spec.path}`;
  const params = new URLSearchParams();
  if (spec.region !== undefined) params.set('region', spec.region);
  if (spec.endpoint !== undefined) params.set('endpoint', spec.endpoint);
  if (spec.forcePathStyle !== undefined) params.set('forcePathStyle', String(spec.forcePathStyle));
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `s3://${spec.bucket}/${spec.prefix}${query}`;
}
