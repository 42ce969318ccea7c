import type { VectorMatrix } from '../knn/index.ts';
import { queryCandidates } from './queries.ts';

/** A signed permutation: entry j of the mirrored vector is sign[j] * v[source[j]]. */
export interface VectorMirror {
  source: Int32Array;
  sign: Float32Array;
}

/**
 * For embeddings that are not mirror-invariant (the built-in descriptor): each row's nearest rows to its mirrored
 * vector, so a horizontally flipped copy becomes a candidate. Pairs at or above `cutoff`, each once (a < b).
 * Cost: one extra top-2 query per row (queries.ts).
 */
export async function mirroredCandidates(
  matrix: VectorMatrix,
  mirror: VectorMirror,
  cutoff: number,
  threads: number,
): Promise<[number, number][]> {
  const { count: n, dimension, data } = matrix;
  const mirrored = new Float32Array(data.length);
  for (let row = 0; row < n; row++) {
    const o = row * dimension;
    for (let j = 0; j < dimension; j++) mirrored[o + j] = mirror.sign[j] * data[o + mirror.source[j]];
  }
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return queryCandidates(matrix, { rows, vectors: mirrored }, cutoff, threads);
}
