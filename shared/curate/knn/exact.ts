import { completeTopK } from './complete.ts';
import { exactBlockRows, ownedBuffer, yieldToEventLoop } from './native.ts';
import { writeRow } from './rows.ts';
import type { KnnGraph, VectorMatrix } from './types.ts';

/**
 * Exact kNN: every row against every row, a block of query rows at a time (native SIMD on all threads).
 * Work grows as n^2, memory as block x n: never an n x n matrix.
 */
export async function exactKnn(
  matrix: VectorMatrix,
  k: number,
  threads: number,
  onProgress?: (done: number, total: number) => void,
): Promise<KnnGraph> {
  const { count: n, dimension, data } = matrix;
  const neighbors = new Int32Array(n * k);
  const similarities = new Float32Array(n * k);
  // One extra, since a row finds itself.
  const wanted = Math.min(n, k + 1);
  const block = exactBlockRows(n);
  const dataset = ownedBuffer(data);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    const queries = data.subarray(start * dimension, end * dimension);
    completeTopK(dataset, queries, dimension, wanted, threads, (q, ids, sims, count) =>
      writeRow(neighbors, similarities, start + q, k, start + q, ids, sims, count),
    );
    onProgress?.(end, n);
    await yieldToEventLoop();
  }
  return { n, k, neighbors, similarities };
}
