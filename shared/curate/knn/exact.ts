import { exactBlockRows, exactTopK, yieldToEventLoop } from './native.ts';
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
  const dataset = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
  const ids = new Int32Array(wanted);
  const sims = new Float32Array(wanted);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    const found = exactTopK(
      dataset,
      data.subarray(start * dimension, end * dimension),
      dimension,
      wanted,
      threads,
    );
    for (let q = 0; q < end - start; q++) {
      for (let c = 0; c < wanted; c++) {
        ids[c] = Number(found.keys[q * wanted + c]);
        sims[c] = 1 - found.distances[q * wanted + c];
      }
      writeRow(neighbors, similarities, start + q, k, start + q, ids, sims, wanted);
    }
    onProgress?.(end, n);
    await yieldToEventLoop();
  }
  return { n, k, neighbors, similarities };
}
