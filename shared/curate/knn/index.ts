export { annDefaults, approximateKnn } from './ann.ts';
export { buildKnnGraph, EXACT_MAX_ROWS, knnOptionsSchema } from './build.ts';
export { type CandidateSink, completeTopK } from './complete.ts';
export { exactKnn } from './exact.ts';
export { defaultThreads, exactBlockRows, exactTopK, yieldToEventLoop } from './native.ts';
export { parseOptions } from './options.ts';
export { sampleIndices, seededRandom } from './random.ts';
export { measureRecall, type RecallReport } from './recall.ts';
export { refineGraph } from './refine.ts';
export { dot, inMemorySource, readAll } from './source.ts';
export type {
  AnnOptions,
  KnnBuild,
  KnnGraph,
  KnnMethod,
  KnnOptions,
  VectorBatch,
  VectorMatrix,
  VectorSource,
} from './types.ts';
