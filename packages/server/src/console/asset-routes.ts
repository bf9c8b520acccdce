// The console's pages: the single-page app built by @strata/web, served at `/` from the same
// origin as the API. Every file is read once at start-up; hashed assets are cached for good, the
// page itself never. Any other GET outside `/api/` is a console URL and gets the page (the app
// routes it), so every screen has a URL that survives a reload. The page may load scripts,
// styles and data from this server only (Content-Security-Policy). Text files are gzipped once at
// start-up and sent so to browsers that accept it.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { extname, join, relative } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror styles its editor with <style> elements it creates.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

interface Asset {
  readonly body: Buffer;
  /** The body gzipped, when that is smaller (text). */
  readonly gzip?: Buffer | undefined;
}

const COMPRESSED = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

function filesOf(dir: string): Map<string, Asset> {
  const files = new Map<string, Asset>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      // The build's own bookkeeping (.vite/manifest.json) is not the console's.
      if (name.startsWith('.')) continue;
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const body = readFileSync(path);
      const gzip = COMPRESSED.has(extname(name)) ? gzipSync(body, { level: 9 }) : undefined;
      files.set(`/${relative(dir, path).split('\\').join('/')}`, {
        body,
        gzip: gzip !== undefined && gzip.length < body.length ? gzip : undefined,
      });
    }
  };
  walk(dir);
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  const accepts = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  void reply.header('vary', 'accept-encoding');
  if (asset.gzip !== undefined && accepts)
    return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
}

/** Serves the console built into `dir` (its index.html and assets/). */
export function registerConsoleAssetRoutes(app: FastifyInstance, dir: string): void {
  const files = filesOf(dir);
  const page = files.get('/index.html');
  if (page === undefined)
    throw new Error(`the console in ${dir} has no index.html; build @strata/web`);

  const sendPage = (request: FastifyRequest, reply: FastifyReply) =>
    send(
      request,
      securityHeaders(reply)
        .header('content-type', TYPES['.html']!)
        .header('cache-control', 'no-cache'),
      page,
    );

  app.get('/', { config: { access: 'public' } }, (request, reply) => sendPage(request, reply));

  app.get<{ Params: { '*': string } }>('/*', { config: { access: 'public' } }, (request, reply) => {
    const path = `/${request.params['*']}`;
    if (path.startsWith('/api/') || path === '/api') return reply.callNotFound();
    const file = path === '/index.html' ? undefined : files.get(path);
    if (file === undefined) {
      // A missing asset is a 404, not the page: a script tag must not receive HTML.
      if (path.startsWith('/assets/')) return reply.callNotFound();
      return sendPage(request, reply);
    }
    return send(
      request,
      securityHeaders(reply)
        .header('content-type', TYPES[extname(path)] ?? 'application/octet-stream')
        .header(
          'cache-control',
          path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
      file,
    );
  });
}
