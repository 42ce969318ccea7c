import { completeTopK, exactBlockRows, yieldToEventLoop } from '../knn/index.ts';
import { writeRow } from '../knn/rows.ts';
import type { PartitionRows } from './tables.ts';

export interface GraphRows {
  /** Source row numbers, one per graph row. */
  rows: Int32Array;
  /** rows x k source row numbers, most similar first; -1 pads. */
  neighbors: Int32Array;
  similarities: Float32Array;
}

/**
 * Graph rows of partition `partition`: each of its rows against every row held (its partition and the
 * neighbouring ones), exactly, a block of queries per native call. Work is queries x held x dimension; memory
 * is the held rows plus one block's scratch.
 */
export async function searchPartition(
  held: PartitionRows,
  partition: number,
  dimension: number,
  k: number,
  threads: number,
): Promise<GraphRows> {
  return searchRows(held, indicesOf(held.partitions, partition), dimension, k, threads);
}

/** Graph rows of the held rows at `queries` (indices into `held`), each against every row held. */
export async function searchRows(
  held: PartitionRows,
  queries: Int32Array,
  dimension: number,
  k: number,
  threads: number,
): Promise<GraphRows> {
  const count = queries.length;
  const neighbors = new Int32Array(count * k);
  const similarities = new Float32Array(count * k);
  const rows = new Int32Array(count);
  const wanted = Math.min(held.rows.length, k + 1);
  const block = exactBlockRows(held.rows.length);
  const scratch = new Float32Array(Math.min(block, count) * dimension);
  const global = new Int32Array(wanted + 1);
  for (let start = 0; start < count; start += block) {
    const end = Math.min(count, start + block);
    for (let q = start; q < end; q++) {
      const at = queries[q];
      scratch.set(held.vectors.subarray(at * dimension, (at + 1) * dimension), (q - start) * dimension);
      rows[q] = held.rows[at];
    }
    completeTopK(
      held.vectors,
      scratch.subarray(0, (end - start) * dimension),
      dimension,
      wanted,
      threads,
      (q, ids, sims, n) => {
        const mapped = n <= global.length ? global : new Int32Array(n);
        for (let c = 0; c < n; c++) mapped[c] = held.rows[ids[c]];
        writeRow(neighbors, similarities, start + q, k, rows[start + q], mapped, sims, n);
      },
    );
    await yieldToEventLoop();
  }
  return { rows, neighbors, similarities };
}

export function indicesOf(partitions: Int32Array, partition: number): Int32Array {
  let count = 0;
  for (const p of partitions) if (p === partition) count++;
  const out = new Int32Array(count);
  let at = 0;
  partitions.forEach((p, i) => {
    if (p === partition) out[at++] = i;
  });
  return out;
}
