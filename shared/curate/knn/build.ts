import { z } from 'zod';
import { approximateKnn } from './ann.ts';
import { exactKnn } from './exact.ts';
import { defaultThreads } from './native.ts';
import { parseOptions } from './options.ts';
import { readAll } from './source.ts';
import type { KnnBuild, KnnOptions, VectorSource } from './types.ts';

/**
 * Exact search costs ~60 ns of CPU per ordered pair (n^2 of them), the HNSW path 0.2-0.5 ms of CPU per row: they
 * cross between 3k and 5k rows. Up to 5k rows exact stays under ~2 s of CPU and is exact and deterministic, so it is
 * chosen there (measured by `npm run bench -- curate`, docs/curation-geometry.md).
 */
export const EXACT_MAX_ROWS = 5_000;

export const knnOptionsSchema = z.object({
  k: z.number().int().min(1).max(1000).default(10),
  method: z.enum(['auto', 'exact', 'approximate']).default('auto'),
  exactMaxRows: z.number().int().min(0).default(EXACT_MAX_ROWS),
  threads: z.number().int().min(1).max(1024).optional(),
  ann: z
    .object({
      quantization: z.enum(['f32', 'bf16', 'f16', 'i8']).optional(),
      connectivity: z.number().int().min(2).max(256).optional(),
      expansionAdd: z.number().int().min(1).max(4096).optional(),
      expansionSearch: z.number().int().min(1).max(4096).optional(),
      candidateFactor: z.number().min(1).max(20).optional(),
      refineRounds: z.number().int().min(0).max(10).optional(),
    })
    .prefault({}),
});

/** The kNN graph of every row of `source`: exact up to `exactMaxRows`, approximate (HNSW) above. */
export async function buildKnnGraph(source: VectorSource, options: KnnOptions = {}): Promise<KnnBuild> {
  const { onProgress, ...rest } = options;
  const parsed = parseOptions(knnOptionsSchema, rest, 'kNN');
  const matrix = await readAll(source);
  const threads = parsed.threads ?? defaultThreads();
  const { k } = parsed;
  const method =
    parsed.method === 'auto'
      ? matrix.count <= parsed.exactMaxRows
        ? 'exact'
        : 'approximate'
      : parsed.method;
  if (method === 'exact') {
    const started = performance.now();
    const graph = await exactKnn(matrix, k, threads, (done, total) => onProgress?.(done, total, 'exact'));
    return {
      graph,
      method,
      parameters: { k, method, threads },
      timings: { buildMs: 0, searchMs: performance.now() - started, refineMs: 0 },
    };
  }
  const ann = await approximateKnn(matrix, k, threads, parsed.ann, onProgress);
  return {
    graph: ann.graph,
    method,
    parameters: { k, method, threads, ...ann.parameters },
    timings: { buildMs: ann.buildMs, searchMs: ann.searchMs, refineMs: ann.refineMs },
  };
}
