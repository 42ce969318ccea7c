import { dot, type KnnGraph, type VectorMatrix } from '../knn/index.ts';

export interface UnitGroup {
  /** Unit leaders (row indices), lowest first. */
  units: number[];
  /** Lowest cosine between two units of the group (1 for a single unit). */
  minSimilarity: number;
}

/**
 * Groups exact units into near-duplicate clusters that do not chain: candidate edges come from the kNN graph,
 * strongest first, and two clusters merge only when EVERY cross pair is at or above the threshold (checked with
 * exact dot products), so any two members of a cluster are near duplicates of each other. A unit (an exact
 * group) is represented by its leader's vector.
 */
export function completeLinkage(
  graph: KnnGraph,
  matrix: VectorMatrix,
  leader: Int32Array,
  threshold: number,
): UnitGroup[] {
  const { n } = graph;
  const pairCache = new Map<number, number>();
  const similarity = (a: number, b: number): number => {
    const key = a < b ? a * n + b : b * n + a;
    let s = pairCache.get(key);
    if (s === undefined) {
      s = dot(matrix, a, b);
      pairCache.set(key, s);
    }
    return s;
  };

  const edges = candidateEdges(graph, leader, threshold, similarity);
  const owner = new Map<number, number>();
  const members = new Map<number, number[]>();
  const minSim = new Map<number, number>();
  const clusterOf = (u: number) => owner.get(u) ?? u;
  for (const [a, b] of edges) {
    const ca = clusterOf(a);
    const cb = clusterOf(b);
    if (ca === cb) continue;
    const left = members.get(ca) ?? [ca];
    const right = members.get(cb) ?? [cb];
    const cross = weakestCrossPair(left, right, threshold, similarity);
    if (cross < threshold) continue;
    const [keep, gone] = left.length >= right.length ? [ca, cb] : [cb, ca];
    const joined = left.length >= right.length ? left.concat(right) : right.concat(left);
    for (const u of joined) owner.set(u, keep);
    members.set(keep, joined);
    members.delete(gone);
    minSim.set(keep, Math.min(cross, minSim.get(ca) ?? 1, minSim.get(cb) ?? 1));
    minSim.delete(gone);
  }
  const groups: UnitGroup[] = [];
  for (const [root, units] of members) {
    groups.push({ units: units.sort((x, y) => x - y), minSimilarity: minSim.get(root) ?? 1 });
  }
  return groups;
}

/** Unit pairs with a graph edge at or above the threshold, strongest first, ties by row order. */
function candidateEdges(
  graph: KnnGraph,
  leader: Int32Array,
  threshold: number,
  similarity: (a: number, b: number) => number,
): [number, number, number][] {
  const { n, k, neighbors, similarities } = graph;
  const seen = new Set<number>();
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const j = neighbors[i * k + c];
      // Rows are sorted, so the rest of the row is below the threshold too.
      if (j < 0 || similarities[i * k + c] < threshold) break;
      const a = Math.min(leader[i], leader[j]);
      const b = Math.max(leader[i], leader[j]);
      if (a === b || seen.has(a * n + b)) continue;
      seen.add(a * n + b);
      const s = similarity(a, b);
      if (s >= threshold) edges.push([a, b, s]);
    }
  }
  return edges.sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
}

/** The lowest cross-pair cosine, or -Infinity as soon as one pair falls below the threshold. */
function weakestCrossPair(
  left: number[],
  right: number[],
  threshold: number,
  similarity: (a: number, b: number) => number,
): number {
  let weakest = 1;
  for (const a of left) {
    for (const b of right) {
      const s = similarity(a, b);
      if (s < threshold) return Number.NEGATIVE_INFINITY;
      if (s < weakest) weakest = s;
    }
  }
  return weakest;
}
