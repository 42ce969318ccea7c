import { Index, MetricKind, ScalarKind } from 'usearch';
import { completeTopK, exactBlockRows, type VectorMatrix, yieldToEventLoop } from '../knn/index.ts';

/** A signed permutation: entry j of the mirrored vector is sign[j] * v[source[j]]. */
export interface VectorMirror {
  source: Int32Array;
  sign: Float32Array;
}

/** Up to this many rows the mirrored queries are answered exactly; above, by a small HNSW index. */
const EXACT_ROWS = 20_000;
const PER_ROW = 2;

/**
 * For embeddings that are not mirror-invariant (the built-in descriptor): each row's nearest rows to its mirrored
 * vector, so a horizontally flipped copy becomes a candidate. Pairs at or above `cutoff`, each once (a < b).
 * Cost: one extra top-2 query per row; exact up to 20k rows, an f16 HNSW index (connectivity 8) above.
 */
export async function mirroredCandidates(
  matrix: VectorMatrix,
  mirror: VectorMirror,
  cutoff: number,
  threads: number,
): Promise<[number, number][]> {
  const { count: n, dimension, data } = matrix;
  const mirrored = new Float32Array(data.length);
  for (let row = 0; row < n; row++) {
    const o = row * dimension;
    for (let j = 0; j < dimension; j++) mirrored[o + j] = mirror.sign[j] * data[o + mirror.source[j]];
  }
  const pairs = new Set<number>();
  const out: [number, number][] = [];
  const take = (row: number, other: number, similarity: number) => {
    if (other === row || other < 0 || other >= n || similarity < cutoff) return;
    const [a, b] = row < other ? [row, other] : [other, row];
    if (pairs.has(a * n + b)) return;
    pairs.add(a * n + b);
    out.push([a, b]);
  };
  const wanted = Math.min(n, PER_ROW + 1);
  if (n <= EXACT_ROWS) {
    const block = exactBlockRows(n);
    for (let start = 0; start < n; start += block) {
      const end = Math.min(n, start + block);
      completeTopK(
        data,
        mirrored.subarray(start * dimension, end * dimension),
        dimension,
        wanted,
        threads,
        (q, ids, sims, count) => {
          for (let c = 0; c < count; c++) take(start + q, ids[c], sims[c]);
        },
      );
      await yieldToEventLoop();
    }
    return out;
  }
  const index = new Index({
    dimensions: dimension,
    metric: MetricKind.IP,
    quantization: ScalarKind.F16,
    connectivity: 8,
    expansion_add: 64,
    expansion_search: 32,
    multi: false,
  });
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = BigInt(i);
  index.add(keys, data, threads);
  const found = index.search(mirrored, wanted, threads);
  for (let row = 0; row < n; row++) {
    for (let c = 0; c < wanted; c++) {
      const key = found.keys[row * wanted + c];
      if (key === undefined) continue;
      take(row, Number(key), 1 - found.distances[row * wanted + c]);
    }
  }
  return out;
}
