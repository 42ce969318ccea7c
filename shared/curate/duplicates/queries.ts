import { Index, MetricKind, ScalarKind } from 'usearch';
import { completeTopK, exactBlockRows, type VectorMatrix, yieldToEventLoop } from '../knn/index.ts';

/** Up to this many queries x rows the extra queries are answered exactly; above, by a small HNSW index. */
const EXACT_WORK = 20_000 * 20_000;
const PER_QUERY = 2;

/**
 * Candidate pairs from vectors other than the rows' own (a row's mirrored vector, the descriptor of its content
 * inside a frame): each query's nearest rows, pairs (query row, hit) at or above `cutoff`, each once (a < b).
 * Cost: a top-2 query per query vector; exact while queries x rows <= 4e8, an f16 HNSW index over the rows above.
 */
export async function queryCandidates(
  matrix: VectorMatrix,
  queries: { rows: Int32Array; vectors: Float32Array },
  cutoff: number,
  threads: number,
): Promise<[number, number][]> {
  const { count: n, dimension, data } = matrix;
  const q = queries.rows.length;
  const pairs = new Set<number>();
  const out: [number, number][] = [];
  const take = (query: number, other: number, similarity: number) => {
    const row = queries.rows[query];
    if (other === row || other < 0 || other >= n || similarity < cutoff) return;
    const [a, b] = row < other ? [row, other] : [other, row];
    if (pairs.has(a * n + b)) return;
    pairs.add(a * n + b);
    out.push([a, b]);
  };
  if (q === 0) return out;
  const wanted = Math.min(n, PER_QUERY + 1);
  if (q * n <= EXACT_WORK) {
    const block = exactBlockRows(n);
    for (let start = 0; start < q; start += block) {
      const end = Math.min(q, start + block);
      completeTopK(
        data,
        queries.vectors.subarray(start * dimension, end * dimension),
        dimension,
        wanted,
        threads,
        (at, ids, sims, count) => {
          for (let c = 0; c < count; c++) take(start + at, ids[c], sims[c]);
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
  const found = index.search(queries.vectors, wanted, threads);
  for (let at = 0; at < q; at++) {
    for (let c = 0; c < wanted; c++) {
      const key = found.keys[at * wanted + c];
      if (key === undefined) continue;
      take(at, Number(key), 1 - found.distances[at * wanted + c]);
    }
  }
  return out;
}
