import { exactBlockRows, exactTopK } from './native.ts';

/** Receives one query's candidates: row indices into the dataset and their similarities (f32 cosines). */
export type CandidateSink = (query: number, ids: Int32Array, sims: Float32Array, count: number) => void;

/**
 * The `wanted` most similar dataset rows of each query, with every row tied at the cut included. The native
 * search returns equal distances in no fixed order, so when the last place is shared it may keep any of the
 * tied rows; asking for one more and checking that the least similarity returned lies strictly below the
 * `wanted`-th settles it, and the rare query where it does not (exact copies at the cut) is asked again for
 * every row. Callers then break ties by row index, so the graph depends on the data alone, not on how the
 * rows were split into native calls.
 */
export function completeTopK(
  dataset: Float32Array,
  queries: Float32Array,
  dimension: number,
  wanted: number,
  threads: number,
  sink: CandidateSink,
): void {
  const rows = dataset.length / dimension;
  const asked = Math.min(rows, wanted + 1);
  const found = exactTopK(dataset, queries, dimension, asked, threads);
  const ids = new Int32Array(rows);
  const sims = new Float32Array(rows);
  const again: number[] = [];
  for (let q = 0; q < queries.length / dimension; q++) {
    let least = Number.POSITIVE_INFINITY;
    for (let c = 0; c < asked; c++) {
      ids[c] = Number(found.keys[q * asked + c]);
      sims[c] = 1 - found.distances[q * asked + c];
      if (sims[c] < least) least = sims[c];
    }
    let above = 0;
    for (let c = 0; c < asked; c++) if (sims[c] > least) above++;
    if (asked === rows || above >= wanted) sink(q, ids, sims, asked);
    else again.push(q);
  }
  // Every row for these queries, a few at a time: the native scratch space is queries x rows x 16 bytes.
  const step = exactBlockRows(rows);
  for (let at = 0; at < again.length; at += step) {
    const group = again.slice(at, at + step);
    const block = new Float32Array(group.length * dimension);
    group.forEach((q, g) => {
      block.set(queries.subarray(q * dimension, (q + 1) * dimension), g * dimension);
    });
    const all = exactTopK(dataset, block, dimension, rows, threads);
    group.forEach((q, g) => {
      for (let c = 0; c < rows; c++) {
        ids[c] = Number(all.keys[g * rows + c]);
        sims[c] = 1 - all.distances[g * rows + c];
      }
      sink(q, ids, sims, rows);
    });
  }
}
