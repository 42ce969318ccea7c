import { LRUCache } from 'lru-cache';
import type { Embedder } from '../../embed/types.ts';

/**
 * Text queries repeat (the same words typed again, a page reloaded, many users of one search box), and a real
 * text tower costs tens of ms of CPU per query: the vectors of the latest 1,000 queries (~3.5 KB each at 862
 * dimensions) are kept, per model.
 */
const MAX_QUERIES = 1_000;

export type TextVectors = (embedder: Embedder, text: string) => Promise<Float32Array>;

export function textVectorCache(max = MAX_QUERIES): TextVectors {
  const cache = new LRUCache<string, Promise<Float32Array>>({ max });
  return (embedder, text) => {
    const key = `${embedder.modelId}\0${text}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const vector = embedder.embedTexts([text]).then(([first]) => first);
    // A failed embedding is not remembered: the next query tries again.
    vector.catch(() => cache.delete(key));
    cache.set(key, vector);
    return vector;
  };
}
