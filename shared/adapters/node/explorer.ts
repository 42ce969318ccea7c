import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` writes the explorer page of this checkout. */
export const EXPLORER_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The page reads only its own origin; images arrive as blob: URLs (fetched with the key). */
const PAGE_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET = /^\/assets\/([A-Za-z0-9_-][A-Za-z0-9._-]{0,200})$/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>viscura</title>
<h1>The explorer page is not built</h1>
<p>Run <code>npm run build:web</code> and reload. The API itself answers under <a href="/v1/health">/v1</a>.</p>`;

/**
 * The explorer page's static files: `/` (index.html) and `/assets/<file>`. Answers undefined for every other
 * path, which the API then answers. Asset names are a flat allowlist pattern, so no path leaves `root`.
 */
export function explorerFiles(
  root: string = EXPLORER_ROOT,
): (request: Request) => Promise<Response | undefined> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const { pathname } = new URL(request.url);
    if (pathname === '/' || pathname === '/index.html') {
      const html = await readFile(join(root, 'index.html')).catch(() => undefined);
      const headers = {
        'content-type': TYPES['.html'],
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      };
      if (!html) return new Response(NOT_BUILT, { status: 503, headers });
      return new Response(request.method === 'HEAD' ? null : html, {
        headers: { ...headers, 'content-security-policy': PAGE_POLICY, 'referrer-policy': 'no-referrer' },
      });
    }
    const asset = ASSET.exec(pathname);
    if (!asset) return undefined;
    const bytes = await readFile(join(root, 'assets', asset[1])).catch(() => undefined);
    if (!bytes) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(request.method === 'HEAD' ? null : bytes, {
      headers: {
        'content-type': TYPES[extname(asset[1])] ?? 'application/octet-stream',
        // Vite names assets by their content hash.
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
