import type { Principal } from '../../api/index.ts';

/** The part of the Workers Cache API the edge uses (`caches.default`). */
export interface EdgeCache {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

/** Where the upstream's own Cache-Control waits while the stored copy carries the edge lifetime. */
const UPSTREAM_CACHE_CONTROL = 'x-viscura-upstream-cache-control';

/**
 * The cache key: the URL under a digest of the key's dataset scope, so keys that may read the same datasets
 * share answers and no answer reaches a key with another scope. The key request carries no credentials.
 */
export async function cacheKey(request: Request, principal: Principal): Promise<Request> {
  const url = new URL(request.url);
  const scope = principal.datasets === null ? '*' : [...principal.datasets].sort().join(',');
  return new Request(`${url.origin}/_edge-cache/${await sha256(scope)}${url.pathname}${url.search}`);
}

/** What the client's own Cache-Control allows: `no-cache` skips the lookup, `no-store` skips the cache. */
export function requestRules(request: Request): { lookup: boolean; store: boolean } {
  const cc = directives(request.headers.get('cache-control'));
  const store = !cc.has('no-store');
  return { lookup: store && !cc.has('no-cache') && cc.get('max-age') !== '0', store };
}

/**
 * Seconds the edge may keep an upstream answer: 0 for anything but a 200, for private, no-store and no-cache
 * answers and for cookies; the upstream's s-maxage or max-age when it gives one; `fallback` otherwise. A
 * CDN-Cache-Control (RFC 9213: meant for CDNs only) is read instead of Cache-Control: the API's JSON says
 * `private, no-cache` to browsers and `public` to the edge, whose cache is keyed by the key's scope.
 */
export function edgeLifetime(response: Response, fallback: number): number {
  if (response.status !== 200 || response.headers.has('set-cookie')) return 0;
  const cc = directives(response.headers.get('cdn-cache-control') ?? response.headers.get('cache-control'));
  if (cc.has('private') || cc.has('no-store') || cc.has('no-cache')) return 0;
  const explicit = cc.get('s-maxage') ?? cc.get('max-age');
  if (explicit === undefined) return fallback;
  const seconds = Number(explicit);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 0;
}

/** The copy to store: its lifetime as s-maxage (what the Cache API reads), the upstream's header set aside. */
export function toStored(response: Response, lifetime: number): Response {
  const headers = new Headers(response.headers);
  const upstream = headers.get('cache-control');
  if (upstream !== null) headers.set(UPSTREAM_CACHE_CONTROL, upstream);
  headers.set('cache-control', `s-maxage=${lifetime}`);
  // The lifetime above already took it into account; the Cache API must read only s-maxage.
  headers.delete('cdn-cache-control');
  return new Response(response.body, { status: response.status, headers });
}

/** A stored copy as the upstream sent it. */
export function fromStored(stored: Response): Response {
  const headers = new Headers(stored.headers);
  const upstream = headers.get(UPSTREAM_CACHE_CONTROL);
  headers.delete(UPSTREAM_CACHE_CONTROL);
  if (upstream === null) headers.delete('cache-control');
  else headers.set('cache-control', upstream);
  return new Response(stored.body, { status: stored.status, headers });
}

function directives(header: string | null): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name) out.set(name.toLowerCase(), value?.replace(/^"|"$/g, ''));
  }
  return out;
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
