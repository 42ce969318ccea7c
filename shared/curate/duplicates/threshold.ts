import type { KnnGraph } from '../knn/index.ts';

/** Datalab's factor: near duplicate when the distance is below 0.13 x the median nearest-neighbour distance. */
export const DATALAB_FACTOR = 0.13;

/**
 * The cosine threshold of cleanlab Datalab's near-duplicate rule (cosine distance < factor x median distance to
 * the nearest neighbour). Unlike the fixed 0.96 it moves with the data: adding many similar images lowers the
 * median and tightens the threshold for everyone.
 */
export function relativeThreshold(graph: KnnGraph, factor = DATALAB_FACTOR): number {
  const { n, k, neighbors, similarities } = graph;
  const distances: number[] = [];
  for (let i = 0; i < n; i++) {
    if (k > 0 && neighbors[i * k] >= 0) distances.push(Math.max(0, 1 - similarities[i * k]));
  }
  if (distances.length === 0) return 1;
  const sorted = Float64Array.from(distances).sort();
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  // Datalab floors the median at machine epsilon so the threshold never collapses to zero distance.
  return 1 - factor * Math.max(median, Number.EPSILON);
}
