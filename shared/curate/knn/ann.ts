import { BatchMatches, Index, type Matches, MetricKind, ScalarKind } from 'usearch';
import { yieldToEventLoop } from './native.ts';
import { refineGraph } from './refine.ts';
import { writeRow } from './rows.ts';
import { dot } from './source.ts';
import type { AnnOptions, KnnGraph, VectorMatrix } from './types.ts';

/**
 * Defaults measured on 512-d clustered vectors (docs/curation-geometry.md): bf16 storage builds the graph about
 * 3x faster than f32 at the same recall once the candidates are re-scored in f32; a wider insertion search
 * (expansionAdd 128) buys more recall per CPU second than a wider query search.
 */
export const annDefaults: Required<AnnOptions> = {
  quantization: 'bf16',
  connectivity: 16,
  expansionAdd: 128,
  expansionSearch: 64,
  candidateFactor: 2,
  refineRounds: 2,
};

const scalar = {
  f32: ScalarKind.F32,
  bf16: ScalarKind.BF16,
  f16: ScalarKind.F16,
  i8: ScalarKind.I8,
} as const;

/** Rows per native call: long enough to keep every thread busy, short enough to let the event loop breathe. */
const CHUNK = 4096;

/**
 * Approximate kNN with a usearch HNSW index (multi-threaded add and search), then exact f32 re-scoring of
 * `candidateFactor x k` candidates per row, so similarities are exact even when the index stores bf16.
 * Memory: the index's own copy of the vectors (2 bytes per number in bf16) plus its links.
 */
export async function approximateKnn(
  matrix: VectorMatrix,
  k: number,
  threads: number,
  options: AnnOptions = {},
  onProgress?: (done: number, total: number, stage: string) => void,
): Promise<{
  graph: KnnGraph;
  buildMs: number;
  searchMs: number;
  refineMs: number;
  parameters: Required<AnnOptions>;
}> {
  const parameters = { ...annDefaults, ...withoutUndefined(options) };
  const { count: n, dimension, data } = matrix;
  const index = new Index({
    dimensions: dimension,
    metric: MetricKind.IP,
    quantization: scalar[parameters.quantization],
    connectivity: parameters.connectivity,
    expansion_add: parameters.expansionAdd,
    expansion_search: parameters.expansionSearch,
    multi: false,
  });
  const started = performance.now();
  const keys = new BigUint64Array(CHUNK);
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    for (let i = start; i < end; i++) keys[i - start] = BigInt(i);
    index.add(keys.subarray(0, end - start), data.subarray(start * dimension, end * dimension), threads);
    onProgress?.(end, n, 'index');
    await yieldToEventLoop();
  }
  const built = performance.now();

  const neighbors = new Int32Array(n * k);
  const similarities = new Float32Array(n * k);
  const wanted = Math.min(n, Math.max(k + 1, Math.ceil(k * parameters.candidateFactor) + 1));
  const ids = new Int32Array(wanted);
  const sims = new Float32Array(wanted);
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    // One query comes back as Matches (no counts), several as BatchMatches.
    const found = index.search(data.subarray(start * dimension, end * dimension), wanted, threads) as
      | Matches
      | BatchMatches;
    const counts = found instanceof BatchMatches ? found.counts : [BigInt(found.keys.length)];
    for (let q = 0; q < end - start; q++) {
      const row = start + q;
      const got = Number(counts[q]);
      for (let c = 0; c < got; c++) {
        const j = Number(found.keys[q * wanted + c]);
        ids[c] = j;
        sims[c] = j === row ? 1 : dot(matrix, row, j);
      }
      writeRow(neighbors, similarities, row, k, row, ids, sims, got);
    }
    onProgress?.(end, n, 'search');
    await yieldToEventLoop();
  }
  const searched = performance.now();
  const graph = { n, k, neighbors, similarities };
  for (let round = 0; round < parameters.refineRounds; round++) {
    await refineGraph(graph, matrix);
    onProgress?.(round + 1, parameters.refineRounds, 'refine');
  }
  return {
    graph,
    buildMs: built - started,
    searchMs: searched - built,
    refineMs: performance.now() - searched,
    parameters,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
