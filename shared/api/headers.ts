import type { MiddlewareHandler } from 'hono';

/**
 * Headers every answer carries unless its route set its own. JSON is per API key, so browsers and proxies must
 * not reuse it (`private, no-cache`); the project's edge Worker keeps GET answers in a cache keyed by the key's
 * dataset scope, which it is told through CDN-Cache-Control (RFC 9213), the field only a CDN reads.
 */
export const JSON_CACHE_CONTROL = 'private, no-cache';
export const JSON_CDN_CACHE_CONTROL = 'public';

export function defaultHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.has('x-content-type-options')) headers.set('x-content-type-options', 'nosniff');
    if (!/^application\/json\b/i.test(headers.get('content-type') ?? '')) return;
    if (headers.has('cache-control')) return;
    headers.set('cache-control', JSON_CACHE_CONTROL);
    if (c.req.method === 'GET' && c.res.status === 200)
      headers.set('cdn-cache-control', JSON_CDN_CACHE_CONTROL);
  };
}
