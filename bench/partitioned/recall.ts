import { exactTopK, type KnnGraph, sampleIndices, seededRandom } from '../../shared/curate/knn/index.ts';
import { fileSource } from './file-source.ts';

/**
 * recall@k of graphs against exact search for `size` sampled rows, streaming the vectors in batches (the
 * sample's running top-k is kept, not the rows). Ties at the k-th similarity count as found.
 */
export async function streamedRecall(
  path: string,
  count: number,
  dimension: number,
  graphs: Record<string, KnnGraph>,
  size: number,
  k: number,
): Promise<Record<string, number>> {
  const sample = sampleIndices(count, size, seededRandom(7));
  const queries = new Float32Array(sample.length * dimension);
  const source = fileSource(path, count, dimension, 16_384);
  let next = 0;
  for await (const batch of source.batches()) {
    const rows = batch.vectors.length / dimension;
    while (next < sample.length && sample[next] < batch.offset + rows) {
      const at = sample[next] - batch.offset;
      queries.set(batch.vectors.subarray(at * dimension, (at + 1) * dimension), next * dimension);
      next++;
    }
  }
  // Running best k + 1 similarities of every sampled row (self included, removed below).
  const best = Array.from({ length: sample.length }, () => [] as { j: number; s: number }[]);
  for await (const batch of source.batches()) {
    const rows = batch.vectors.length / dimension;
    const found = exactTopK(batch.vectors, queries, dimension, Math.min(rows, k + 1), 2);
    const per = Math.min(rows, k + 1);
    for (let q = 0; q < sample.length; q++) {
      const list = best[q];
      for (let c = 0; c < per; c++) {
        list.push({ j: batch.offset + Number(found.keys[q * per + c]), s: 1 - found.distances[q * per + c] });
      }
      list.sort((a, b) => b.s - a.s);
      list.length = Math.min(list.length, k + 1);
    }
  }
  const out: Record<string, number> = {};
  for (const [name, graph] of Object.entries(graphs)) {
    let total = 0;
    for (let q = 0; q < sample.length; q++) {
      const truth = best[q].filter((e) => e.j !== sample[q]).slice(0, k);
      const kth = truth[truth.length - 1]?.s ?? Number.NEGATIVE_INFINITY;
      let hits = 0;
      for (let c = 0; c < graph.k; c++) {
        const j = graph.neighbors[sample[q] * graph.k + c];
        if (j >= 0 && j !== sample[q] && graph.similarities[sample[q] * graph.k + c] >= kth - 1e-6) hits++;
      }
      total += Math.min(hits, truth.length) / Math.max(1, truth.length);
    }
    out[name] = total / sample.length;
  }
  return out;
}
