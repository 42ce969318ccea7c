import type { KnnGraph } from '../knn/index.ts';

/** The symmetric weighted graph UMAP lays out: each undirected edge once, as flat arrays. */
export interface FuzzyGraph {
  head: Uint32Array;
  tail: Uint32Array;
  weight: Float32Array;
}

/**
 * UMAP's fuzzy simplicial set from a kNN graph (McInnes et al. 2018, sec. 3): per row, distances 1 - cos are
 * shifted by the nearest one (rho) and scaled (sigma, by bisection) so the memberships sum to log2(k); the
 * directed memberships are then joined as a + b - ab. Cost O(n k) time and memory.
 */
export function fuzzyGraph(graph: KnnGraph): FuzzyGraph {
  const { n, k } = graph;
  const directed = new Float32Array(n * k);
  for (let i = 0; i < n; i++) memberships(graph, i, directed);
  return symmetrise(graph, directed);
}

function memberships(graph: KnnGraph, i: number, out: Float32Array): void {
  const { k } = graph;
  const distances: number[] = [];
  for (let j = 0; j < k; j++) {
    const id = graph.neighbors[i * k + j];
    distances.push(id < 0 ? Number.POSITIVE_INFINITY : Math.max(0, 1 - graph.similarities[i * k + j]));
  }
  const finite = distances.filter(Number.isFinite);
  if (finite.length === 0) return;
  const rho = Math.min(...finite);
  const target = Math.log2(finite.length);
  let [lo, hi, sigma] = [0, Number.POSITIVE_INFINITY, 1];
  for (let step = 0; step < 64; step++) {
    let sum = 0;
    for (const d of finite) sum += Math.exp(-Math.max(0, d - rho) / sigma);
    if (Math.abs(sum - target) < 1e-5) break;
    if (sum > target) hi = sigma;
    else lo = sigma;
    sigma = hi === Number.POSITIVE_INFINITY ? sigma * 2 : (lo + hi) / 2;
  }
  // umap-learn's floor: sigma never below 1e-3 of the mean distance, so identical pictures do not blow up.
  const mean = finite.reduce((s, d) => s + d, 0) / finite.length;
  sigma = Math.max(sigma, 1e-3 * mean, 1e-12);
  for (let j = 0; j < k; j++) {
    const d = distances[j];
    out[i * graph.k + j] = Number.isFinite(d) ? Math.exp(-Math.max(0, d - rho) / sigma) : 0;
  }
}

/** Buckets directed edges by their lower end (CSR), then merges each bucket: linear, no global sort. */
function symmetrise(graph: KnnGraph, directed: Float32Array): FuzzyGraph {
  const { n, k } = graph;
  const start = new Uint32Array(n + 1);
  for (let e = 0; e < n * k; e++) {
    const j = graph.neighbors[e];
    if (j >= 0 && directed[e] > 0) start[Math.min(Math.floor(e / k), j) + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const other = new Uint32Array(start[n]);
  const value = new Float32Array(start[n]);
  for (let e = 0; e < n * k; e++) {
    const i = Math.floor(e / k);
    const j = graph.neighbors[e];
    if (j < 0 || directed[e] <= 0) continue;
    const lo = Math.min(i, j);
    other[fill[lo]] = Math.max(i, j);
    value[fill[lo]++] = directed[e];
  }
  const head: number[] = [];
  const tail: number[] = [];
  const weight: number[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    seen.clear();
    for (let e = start[i]; e < start[i + 1]; e++) {
      const at = seen.get(other[e]);
      if (at === undefined) {
        seen.set(other[e], weight.length);
        head.push(i);
        tail.push(other[e]);
        weight.push(value[e]);
      } else weight[at] = weight[at] + value[e] - weight[at] * value[e];
    }
  }
  return { head: Uint32Array.from(head), tail: Uint32Array.from(tail), weight: Float32Array.from(weight) };
}
