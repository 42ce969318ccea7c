import type { Principal } from '../../api/index.ts';
import type { Logger } from '../../log/index.ts';
import { cacheKey, type EdgeCache, edgeLifetime, fromStored, requestRules, toStored } from './cache.ts';
import { functionUrlEvent } from './event.ts';
import type { Invoke } from './invoke.ts';

/** One request passing through the edge. */
export interface Exchange {
  /** The request as the client sent it, for the Lambda (the routes read their own copy). */
  request: Request;
  /** Set when the request's key was verified. */
  principal?: Principal;
  waitUntil(promise: Promise<unknown>): void;
  /** How the edge cache took part, once the request was forwarded. */
  cache?: 'hit' | 'miss' | 'bypass';
}

export interface UpstreamOptions {
  invoke: Invoke;
  cache: EdgeCache;
  /** Edge lifetime of answers without Cache-Control, seconds; 0 turns the cache off. */
  ttl: number;
  log: Logger;
}

/**
 * Sends an exchange's request to the query Lambda, through the edge cache for authenticated GETs: public
 * routes (health) always reach the Lambda, and only 200s that allow a shared cache are stored.
 */
export function upstream(options: UpstreamOptions): (exchange: Exchange) => Promise<Response> {
  const { invoke, cache, ttl, log } = options;
  return async (exchange) => {
    const { request, principal } = exchange;
    const rules = requestRules(request);
    const key =
      ttl > 0 && principal && request.method === 'GET' && rules.store
        ? await cacheKey(request, principal)
        : undefined;
    if (key && rules.lookup) {
      const hit = await cache.match(key);
      if (hit) {
        exchange.cache = 'hit';
        return fromStored(hit);
      }
    }
    exchange.cache = key ? 'miss' : 'bypass';
    const response = await invoke(await functionUrlEvent(request));
    const lifetime = key ? edgeLifetime(response, ttl) : 0;
    if (key && lifetime > 0) {
      const stored = cache.put(key, toStored(response.clone(), lifetime)).catch((error: unknown) => {
        log.warn('edge cache put failed', { error: String(error) });
      });
      exchange.waitUntil(stored);
    }
    return response;
  };
}
