import { defaultThreads, exactBlockRows, exactTopK, ownedBuffer } from './native.ts';
import { sampleIndices, seededRandom } from './random.ts';
import { dot } from './source.ts';
import type { KnnGraph, VectorMatrix } from './types.ts';

export interface RecallReport {
  /** Mean over the sample of (true k nearest found) / k. */
  recall: number;
  sampleSize: number;
  k: number;
}

/** Ties at the k-th similarity count as found: equal vectors have no true order. */
const TIE = 1e-6;

/** recall@k of `graph` against exact search, on `sampleSize` rows drawn with `seed`. */
export function measureRecall(
  graph: KnnGraph,
  matrix: VectorMatrix,
  sampleSize = 1000,
  seed = 1,
  threads = defaultThreads(),
): RecallReport {
  const { n, k } = graph;
  const { dimension } = matrix;
  const data = ownedBuffer(matrix.data);
  const sample = sampleIndices(n, sampleSize, seededRandom(seed));
  const wanted = Math.min(n, k + 1);
  const block = exactBlockRows(n);
  const query = new Float32Array(Math.min(block, sample.length) * dimension);
  let total = 0;
  for (let start = 0; start < sample.length; start += block) {
    const rows = sample.subarray(start, start + block);
    for (let q = 0; q < rows.length; q++) {
      query.set(data.subarray(rows[q] * dimension, (rows[q] + 1) * dimension), q * dimension);
    }
    const found = exactTopK(data, query.subarray(0, rows.length * dimension), dimension, wanted, threads);
    for (let q = 0; q < rows.length; q++) {
      total += rowRecall(graph, matrix, rows[q], found.keys.subarray(q * wanted, (q + 1) * wanted));
    }
  }
  return { recall: sample.length === 0 ? 1 : total / sample.length, sampleSize: sample.length, k };
}

function rowRecall(graph: KnnGraph, matrix: VectorMatrix, row: number, exact: BigUint64Array): number {
  const { k, neighbors } = graph;
  const truth: number[] = [];
  for (const key of exact) {
    const j = Number(key);
    if (j !== row && truth.length < k) truth.push(j);
  }
  if (truth.length === 0) return 1;
  const kth = Math.min(...truth.map((j) => dot(matrix, row, j)));
  let hits = 0;
  for (let c = 0; c < k; c++) {
    const j = neighbors[row * k + c];
    if (j >= 0 && j !== row && dot(matrix, row, j) >= kth - TIE) hits++;
  }
  return Math.min(hits, truth.length) / truth.length;
}
