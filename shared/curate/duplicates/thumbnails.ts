import type { Bucket } from '../../store/index.ts';
import type { PairVerifier } from './verified.ts';
import { type VerifyImage, verifyImageFromBytes, verifyPair } from './verify/index.ts';

/** Pyramids kept at once (~40 KB each): a cluster's members are verified close together, so a small cache does. */
const CACHE = 4096;

/**
 * Verification on the thumbnails ingest stored (256-px WebP): each picture is fetched and decoded once while it
 * stays in the cache. A missing or unreadable thumbnail leaves the pair unjudged (null), never a failed run.
 */
export function thumbnailVerifier(bucket: Bucket, thumbnailKeys: readonly string[]): PairVerifier {
  const cache = new Map<number, Promise<VerifyImage | null>>();
  const load = (row: number): Promise<VerifyImage | null> => {
    const known = cache.get(row);
    if (known) {
      cache.delete(row);
      cache.set(row, known);
      return known;
    }
    const loading = bucket
      .get(thumbnailKeys[row])
      .then((bytes) => (bytes ? verifyImageFromBytes(bytes) : null))
      .catch(() => null);
    cache.set(row, loading);
    if (cache.size > CACHE) cache.delete(cache.keys().next().value as number);
    return loading;
  };
  return async (a, b) => {
    const [x, y] = await Promise.all([load(a), load(b)]);
    return x && y ? verifyPair(x, y) : null;
  };
}
