/** One slice of a vector source: rows `offset .. offset + vectors.length / dimension - 1`. */
export interface VectorBatch {
  offset: number;
  /** rows x dimension, row-major, each row L2-normalised. */
  vectors: Float32Array;
}

/**
 * Vectors as the curation passes read them: streamed in batches so a store can page rows without holding a
 * second copy. `batches()` may be called more than once; every call yields the rows in the same order.
 */
export interface VectorSource {
  count: number;
  dimension: number;
  /** Row ids (image or object ids), in row order, when the source knows them. */
  ids?: readonly string[];
  batches(): AsyncIterable<VectorBatch>;
}

/** All rows in one contiguous block: the memory floor of every pass (count x dimension x 4 bytes). */
export interface VectorMatrix {
  count: number;
  dimension: number;
  data: Float32Array;
}

/**
 * Row i holds the k nearest other rows of row i, most similar first, self removed. Similarities are cosines
 * (exact f32 dot products, also on the approximate path). -1 pads a row that has fewer than k neighbours
 * (only when n <= k); its similarity is -Infinity.
 */
export interface KnnGraph {
  n: number;
  k: number;
  neighbors: Int32Array;
  similarities: Float32Array;
}

export type KnnMethod = 'exact' | 'approximate';

export interface KnnOptions {
  /** Neighbours per row (default 10). */
  k?: number;
  /** 'auto' (default) is exact up to `exactMaxRows` rows, approximate above. */
  method?: KnnMethod | 'auto';
  /** The automatic cut-off (default 5 000 rows; see docs/curation-geometry.md for the measurement). */
  exactMaxRows?: number;
  /** Threads for the native parts (default: every core). */
  threads?: number;
  ann?: AnnOptions;
  onProgress?: (done: number, total: number, stage: string) => void;
}

/** HNSW settings of the approximate path (usearch). */
export interface AnnOptions {
  /** Storage type of the index; candidates are always re-scored with exact f32 dot products. */
  quantization?: 'f32' | 'bf16' | 'f16' | 'i8';
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
  /** Candidates fetched per row before exact re-scoring, as a multiple of k (default 2). */
  candidateFactor?: number;
  /** Rounds of neighbours-of-neighbours refinement after the search (default 2; see refine.ts). */
  refineRounds?: number;
}

export interface KnnBuild {
  graph: KnnGraph;
  method: KnnMethod;
  /** Settings actually used, for the run record. */
  parameters: Record<string, number | string>;
  /** Milliseconds; `refineMs` only on the approximate path. */
  timings: { buildMs: number; searchMs: number; refineMs?: number };
}
