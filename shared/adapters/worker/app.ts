import { AsyncLocalStorage } from 'node:async_hooks';
import { type ApiLimits, type AuthPort, createApi, DEFAULT_LIMITS } from '../../api/index.ts';
import { keyAuth, staticKeyStore } from '../../keys/index.ts';
import type { Logger } from '../../log/index.ts';
import type { EdgeCache } from './cache.ts';
import type { EdgeConfig } from './config.ts';
import type { Invoke } from './invoke.ts';
import { passThroughPort } from './port.ts';
import { type Exchange, upstream } from './upstream.ts';

/**
 * A synchronous Lambda invocation carries at most 6 MB, and the edge sends bodies as base64 (4/3 larger):
 * 4 MiB of image (plus multipart framing) still fits, so larger uploads are refused here with a 413.
 */
export const EDGE_LIMITS: ApiLimits = { ...DEFAULT_LIMITS, uploadBytes: 4 * 1024 * 1024 };

export interface EdgeOptions {
  config: EdgeConfig;
  invoke: Invoke;
  cache: EdgeCache;
  log: Logger;
  /** Answers everything outside /v1 (the explorer page, e.g. Workers static assets); a JSON 404 when absent. */
  pages?: (request: Request) => Promise<Response>;
  /** Reported by /v1/openapi.json. */
  version?: string;
}

export interface EdgeApp {
  fetch(request: Request, ctx: { waitUntil(promise: Promise<unknown>): void }): Promise<Response>;
}

/**
 * The query API at the edge: the same Hono app and routes as on Node and Lambda, so keys are checked (401/403)
 * and input is validated (400/413/415) here, without invoking anything; what passes is forwarded to the query
 * Lambda, through the edge cache for authenticated GETs.
 */
export function createEdgeApp(options: EdgeOptions): EdgeApp {
  const { config, log, pages } = options;
  // The routes see only the port's arguments; the request they came from travels with the async context.
  const exchanges = new AsyncLocalStorage<Exchange>();
  const current = (): Exchange => {
    const exchange = exchanges.getStore();
    if (!exchange) throw new Error('The edge query port was called outside a request.');
    return exchange;
  };
  const keys = keyAuth(staticKeyStore(config.VISCURA_API_KEYS));
  const auth: AuthPort = {
    async verify(key) {
      const principal = await keys.verify(key);
      current().principal = principal;
      return principal;
    },
  };
  const forward = upstream({
    invoke: options.invoke,
    cache: options.cache,
    ttl: config.VISCURA_EDGE_CACHE_TTL,
    log,
  });
  const api = createApi(
    { query: passThroughPort(() => forward(current())), auth },
    { log, limits: EDGE_LIMITS, version: options.version },
  );

  return {
    async fetch(request, ctx) {
      if (pages && !new URL(request.url).pathname.startsWith('/v1/')) return pages(request);
      // The routes consume the body they validate; the Lambda gets the other half of the tee.
      const exchange: Exchange = {
        request: request.body ? request.clone() : request,
        waitUntil: (promise) => ctx.waitUntil(promise),
      };
      const response = await exchanges.run(exchange, () => api.fetch(request));
      if (!exchange.cache) return response;
      const marked = new Response(response.body, response);
      marked.headers.set('x-viscura-edge-cache', exchange.cache);
      return marked;
    },
  };
}
