import { completeTopK, exactBlockRows, yieldToEventLoop } from '../../curate/knn/index.ts';

/** A slice of the dataset side: rows `start ..` of the snapshot. */
export interface DataBlock {
  start: number;
  vectors: Float32Array;
}

/** The graph rows of one shard: row r is global row `start + r`, laid out as in a KnnGraph. */
export interface PartialGraph {
  start: number;
  rows: number;
  k: number;
  neighbors: Int32Array;
  similarities: Float32Array;
}

/**
 * Exact top-k of the query rows against every data block, one block at a time, so memory holds the queries,
 * one block and the k best so far. Each block gives its k + 1 best with ties at the cut complete (a row finds
 * itself once), kept by the in-process graph's rule: most similar first, ties to the lower row, self dropped.
 * Under that total order the k best of the union are the k best over all rows, whatever the blocks.
 */
export async function shardTopK(
  queries: Float32Array,
  start: number,
  dimension: number,
  k: number,
  blocks: AsyncIterable<DataBlock>,
  threads: number,
): Promise<PartialGraph> {
  const rows = queries.length / dimension;
  const neighbors = new Int32Array(rows * k).fill(-1);
  const similarities = new Float32Array(rows * k).fill(Number.NEGATIVE_INFINITY);
  for await (const block of blocks) {
    const blockRows = block.vectors.length / dimension;
    const wanted = Math.min(blockRows, k + 1);
    const step = exactBlockRows(blockRows);
    for (let q0 = 0; q0 < rows; q0 += step) {
      const q1 = Math.min(rows, q0 + step);
      const part = queries.subarray(q0 * dimension, q1 * dimension);
      completeTopK(block.vectors, part, dimension, wanted, threads, (q, ids, sims, count) => {
        const row = q0 + q;
        for (let c = 0; c < count; c++) {
          const j = block.start + ids[c];
          if (j !== start + row) keep(neighbors, similarities, row * k, k, j, sims[c]);
        }
      });
      await yieldToEventLoop();
    }
  }
  return { start, rows, k, neighbors, similarities };
}

/** Inserts candidate j into a row kept sorted by (similarity desc, index asc), dropping whatever falls off. */
function keep(
  neighbors: Int32Array,
  similarities: Float32Array,
  base: number,
  k: number,
  j: number,
  s: number,
) {
  const last = base + k - 1;
  if (!before(s, j, similarities[last], neighbors[last])) return;
  let r = last;
  while (r > base && before(s, j, similarities[r - 1], neighbors[r - 1])) {
    similarities[r] = similarities[r - 1];
    neighbors[r] = neighbors[r - 1];
    r--;
  }
  similarities[r] = s;
  neighbors[r] = j;
}

/** An empty slot (-1) is behind every candidate. */
function before(s: number, j: number, t: number, i: number): boolean {
  return i < 0 || s > t || (s === t && j < i);
}
