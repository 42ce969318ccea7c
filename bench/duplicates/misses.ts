/** `--misses`: every copy the verified pass left out of its original's cluster, with why (candidate or verdict). */
import { dot, type KnnGraph, type VectorMatrix } from '../../shared/curate/knn/index.ts';
import type { BenchSet } from './dataset.ts';

export interface Miss {
  key: string;
  transform: string;
  /** Descriptor cosine between the copy and its original. */
  cosine: number;
  /** The original's place in the copy's kNN list (-1: not in it). */
  rank: number;
  /** The verifier's confidence on (original, copy); null when it cannot judge. */
  confidence: number | null;
}

export function missesOf(
  set: BenchSet,
  clusterOf: Int32Array,
  graph: KnnGraph,
  matrix: VectorMatrix,
  confidence: (a: number, b: number) => number | null,
): Miss[] {
  const originalOf = new Map<string, number>();
  set.items.forEach((item, i) => {
    if (item.role === 'original') originalOf.set(item.source, i);
  });
  const out: Miss[] = [];
  set.items.forEach((item, i) => {
    const original = originalOf.get(item.source) as number;
    if (item.role !== 'copy' || (clusterOf[i] >= 0 && clusterOf[i] === clusterOf[original])) return;
    let rank = -1;
    for (let c = 0; c < graph.k; c++) if (graph.neighbors[i * graph.k + c] === original) rank = c;
    out.push({
      key: item.key,
      transform: item.transform,
      cosine: dot(matrix, i, original),
      rank,
      confidence: confidence(original, i),
    });
  });
  return out;
}
