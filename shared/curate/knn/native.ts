import { availableParallelism } from 'node:os';
import { exactSearch, MetricKind } from 'usearch';

export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Brute-force top-k of `queries` against `dataset` by inner product, natively and on `threads` threads.
 * usearch 2.26.2's binding reads both arrays from the start of their ArrayBuffer and ignores a view's byte
 * offset, so views into a larger buffer are copied first. Its scratch space is queries x dataset x 16 bytes:
 * callers keep query blocks small.
 */
export function exactTopK(
  dataset: Float32Array,
  queries: Float32Array,
  dimension: number,
  k: number,
  threads: number,
): { keys: BigUint64Array; distances: Float32Array } {
  const base = ownedBuffer(dataset);
  const asked = ownedBuffer(queries);
  const found = exactSearch(base, asked, dimension, k, MetricKind.IP, threads);
  return { keys: found.keys, distances: found.distances };
}

/** The view itself when it spans its whole buffer, else a copy: hoist this out of loops over a large dataset. */
export function ownedBuffer(view: Float32Array): Float32Array {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice();
}

/** Query rows per native call so the scratch space stays near 64 MB whatever the dataset size. */
export function exactBlockRows(datasetRows: number, maxRows = 256): number {
  return Math.max(1, Math.min(maxRows, Math.floor(4_194_304 / Math.max(1, datasetRows))));
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
