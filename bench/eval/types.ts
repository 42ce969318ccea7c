import type { KnnGraph } from '../../shared/curate/labels/index.ts';

/** How the eval gets its kNN graph: k nearest others per vector, most similar first. */
export type BuildGraph = (vectors: readonly Float32Array[], k: number) => KnnGraph;

/** The duplicates pass as the eval sees it: a cluster per vector (-1 = none) and a graded score in [0, 1]. */
export type FindDuplicates = (
  vectors: readonly Float32Array[],
  graph: KnnGraph,
) => { cluster: Int32Array; score: Float32Array };
