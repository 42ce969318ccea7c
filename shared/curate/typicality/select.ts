import type { KnnGraph } from '../knn/index.ts';

export interface RepresentativeOptions {
  typicality: Float32Array;
  /** Rows to rank last (the duplicates to drop: a keeper stands for them). */
  exclude?: Uint8Array;
}

/** Halvings of the blocking distance before the last tier, which blocks nothing. */
const TIERS = 6;

/**
 * The order "select representatives" takes rows in: a subset of any size N is the first N, and each such prefix
 * is both typical and diverse. Rows are visited most typical first, in tiers: in tier t a row is taken unless a
 * row already taken is among its graph neighbours closer than D / 2^t (D: the median distance to a row's
 * farthest graph neighbour, so the first tier takes about one row per neighbourhood). Excluded rows come last.
 * Returns the rank of every row (0 = first taken). Cost: O(n k) per tier.
 */
export function representativeRanks(graph: KnnGraph, options: RepresentativeOptions): Int32Array {
  const { n } = graph;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => options.typicality[b] - options.typicality[a] || a - b,
  );
  const rank = new Int32Array(n).fill(-1);
  let next = 0;
  const reach = medianReach(graph);
  for (let tier = 0; tier <= TIERS; tier++) {
    const cutoff = tier === TIERS ? Number.POSITIVE_INFINITY : 1 - reach / 2 ** tier;
    for (const row of order) {
      if (rank[row] >= 0 || options.exclude?.[row]) continue;
      if (!nearTaken(graph, row, rank, cutoff)) rank[row] = next++;
    }
  }
  for (const row of order) if (rank[row] < 0) rank[row] = next++;
  return rank;
}

/** Whether a taken row is a graph neighbour of `row` at or above the similarity cut-off, either way round. */
function nearTaken(graph: KnnGraph, row: number, rank: Int32Array, cutoff: number): boolean {
  const { k, neighbors, similarities } = graph;
  for (let c = 0; c < k; c++) {
    const j = neighbors[row * k + c];
    if (j < 0 || similarities[row * k + c] < cutoff) break;
    if (rank[j] >= 0) return true;
  }
  return false;
}

function medianReach(graph: KnnGraph): number {
  const { n, k, neighbors, similarities } = graph;
  const reach: number[] = [];
  for (let i = 0; i < n; i++) {
    let last = -1;
    for (let c = 0; c < k; c++) if (neighbors[i * k + c] >= 0) last = c;
    if (last >= 0) reach.push(Math.max(0, 1 - similarities[i * k + last]));
  }
  if (reach.length === 0) return 0;
  reach.sort((a, b) => a - b);
  return Math.max(reach[reach.length >> 1], 1e-6);
}
