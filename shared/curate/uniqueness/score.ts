import type { KnnGraph } from '../knn/index.ts';

/** At or above this cosine the nearest neighbour is the same picture: uniqueness 0. */
export const SAME_PICTURE_SIMILARITY = 0.999;
/** Cosine to the nearest neighbour at which uniqueness is 0.5: the near-duplicate threshold (fastdup's 0.96). */
export const HALF_UNIQUE_SIMILARITY = 0.96;

/**
 * Uniqueness in [0, 1] from the cosine s to the nearest other image, on a fixed scale:
 *   u = 0                              when s >= 0.999
 *   u = 1 - 2^(-(d - e) / (h - e))     otherwise, d = 1 - s, e = 1 - 0.999, h = 1 - half
 * Each further (h - e) of cosine distance halves the gap to 1: 0.5 at the near-duplicate threshold, 0.75 at
 * s = 0.92, 0.97 at s = 0.80. Only constants and the image's own nearest neighbour enter, so adding unrelated
 * images never moves a score; a closer newcomer lowers it, as it should.
 */
export function uniquenessFromSimilarity(similarity: number, half = HALF_UNIQUE_SIMILARITY): number {
  if (!Number.isFinite(similarity)) return 1;
  const d = 1 - similarity;
  const e = 1 - SAME_PICTURE_SIMILARITY;
  const h = Math.max(1 - half, e * 2);
  if (d <= e) return 0;
  return 1 - 2 ** (-(d - e) / (h - e));
}

export interface UniquenessOptions {
  half?: number;
  /** Rows known to have an exact duplicate (same bytes or pixels), forced to 0 whatever their vectors say. */
  exact?: ArrayLike<number>;
}

/** Uniqueness of every row of the graph (its first neighbour is its nearest). */
export function uniqueness(graph: KnnGraph, options: UniquenessOptions = {}): Float32Array {
  const { n, k, neighbors, similarities } = graph;
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = k > 0 && neighbors[i * k] >= 0 ? similarities[i * k] : Number.NEGATIVE_INFINITY;
    scores[i] = options.exact?.[i] ? 0 : uniquenessFromSimilarity(s, options.half);
  }
  return scores;
}
